"""Units committed to store orders RetailOps has not acknowledged yet, per SKU (subtracted before a push)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial

from connector.db.session import Database
from connector.domain.offerable import pull_query
from connector.mapping.refs import order_refnum
from connector.repo import ledger
from connector.settings import Settings
from storefront_clients.base import StorefrontClient

PAGE = 250
MAX_PAGES = 20  # 5,000 unacknowledged orders; beyond that RetailOps is far behind
CACHE_SECONDS = 30.0


@dataclass
class Commitments:
    """SKU → unfulfilled units in unacknowledged open orders, with when it was read."""

    units: dict[str, int] = field(default_factory=dict)
    read_at: float = 0.0
    complete: bool = True


def available_to_send(wanted: int, sku: str, commitments: Commitments | None) -> int:
    """RetailOps' available less units the store already holds for unimported orders, never below zero."""
    if commitments is None:
        return wanted
    return max(0, wanted - commitments.units.get(sku, 0))


class CommitmentsCache:
    """The last commitments read, re-read when older than CACHE_SECONDS (the flush and drift jobs use it)."""

    def __init__(self, settings: Settings, storefront: StorefrontClient, db: Database) -> None:
        self._settings = settings
        self._storefront = storefront
        self._db = db
        self.cached: Commitments | None = None

    async def read(self) -> Commitments:
        """Scan open, unacknowledged orders (the order_pull set) and total their unfulfilled units by SKU."""
        query = pull_query(self._settings)
        units: dict[str, int] = {}
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            page = await self._storefront.list_order_summaries(query, cursor, PAGE)
            refnums = [order_refnum(o.id, o.legacy_id) for o in page.orders]
            acked = await self._db.run(partial(ledger.acknowledged_refnums, refnums=refnums))
            for refnum, order in zip(refnums, page.orders, strict=True):
                if refnum not in acked:
                    for sku, qty in order.unshipped:
                        units[sku] = units.get(sku, 0) + qty
            cursor = page.next_cursor
            if cursor is None:
                return Commitments(units, time.monotonic(), True)
        return Commitments(units, time.monotonic(), False)

    async def current(self) -> Commitments:
        """The cached commitments, re-read when older than CACHE_SECONDS."""
        cached = self.cached
        if cached is None or time.monotonic() - cached.read_at > CACHE_SECONDS:
            cached = await self.read()
            self.cached = cached
        return cached

    async def when_subtracting(self) -> Commitments | None:
        """The current commitments if CONNECTOR_SUBTRACT_COMMITTED is on, else None (nothing subtracted)."""
        return await self.current() if self._settings.connector_subtract_committed else None

    def forget(self) -> None:
        """Drop the cache so the next use reads the store again."""
        self.cached = None
