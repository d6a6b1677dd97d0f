"""Units committed to store orders RetailOps has not acknowledged yet, per SKU (subtracted before a push)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial

from connector.db.session import Database
from connector.repo import mirror
from connector.settings import Settings

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

    def __init__(self, settings: Settings, db: Database) -> None:
        self._settings = settings
        self._db = db
        self.cached: Commitments | None = None

    async def read(self) -> Commitments:
        """Total open, unacknowledged orders' unfulfilled units by SKU from the order mirror (no store call).

        The mirror is as fresh as the order_sync job (its schedule, webhooks); a full store scan per
        read cost up to 20 summary pages of points the inventory pushes needed.
        """
        statuses = tuple(self._settings.connector_pull_financial_statuses)
        units = await self._db.run(partial(mirror.committed_units, financial_statuses=statuses))
        return Commitments(units, time.monotonic(), True)

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
        """Drop the cache so the next use reads the mirror again."""
        self.cached = None
