"""order_sync's first backfill of the order mirror: one bulk operation vs incremental pages.

The same seeded store is backfilled twice into fresh databases through the real ShopifyClient
(services as the app builds them, the bucket starting empty): once with the bulk backfill
(CONNECTOR_ORDER_BULK_CATCHUP_SECONDS at its default) and once page by page (0). Points are the
actual costs in the sandbox's call log. Time at Standard limits is the larger of the real time
and the points divided by the restore rate (a paged run is bound by points; the bulk run by the
export and the connector's own work).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.harness import RESTORE, drained, fresh_database, services_for, settings_for, start_sandbox
from bench.report import operations, table, verdict
from connector.jobs.order_sync import sync_orders
from storefront_clients.sandbox import Store, seed

MAX_RUNS = 200


@dataclass
class Backfill:
    """Figures of one backfill."""

    mode: str
    orders: int = 0
    runs: int = 0
    real_seconds: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def points(self) -> float:
        """Actual points charged over the whole backfill."""
        return float(sum(c["actual_cost"] or 0 for c in self.calls))

    @property
    def standard_seconds(self) -> float:
        """Time the backfill takes at Standard limits."""
        return max(self.real_seconds, self.points / RESTORE)

    @property
    def rate(self) -> float:
        """Orders mirrored per second at Standard limits."""
        return self.orders / self.standard_seconds if self.standard_seconds else 0.0


async def backfill(mode: str, orders: int, scale: float, database: str) -> Backfill:
    """Backfill a fresh database from a freshly seeded store; answers the figures."""
    store = seed(Store(), products=40, extra_orders=orders)
    sandbox = start_sandbox(store, scale)
    result = Backfill(mode)
    threshold: dict[str, float] = {} if mode == "bulk" else {"connector_order_bulk_catchup_seconds": 0.0}
    # The sandbox runs an export inside bulkOperationRunQuery (Shopify answers CREATED at once and
    # runs it in the background), so its answer takes as long as the export: allow for that.
    threshold["shopify_timeout_seconds"] = 120
    try:
        with fresh_database(database) as url:
            settings = settings_for(url, sandbox.base_url, **threshold)
            async with services_for(settings, scale) as services:
                await drained(sandbox, services)
                started = time.perf_counter()
                while result.runs < MAX_RUNS:
                    figures = await sync_orders(services)
                    result.runs += 1
                    result.orders += figures.orders + figures.bulk_orders
                    if figures.complete:
                        break
                result.real_seconds = time.perf_counter() - started
                result.calls = sandbox.admin.calls()
    finally:
        sandbox.stop()
    return result


def report(runs: list[Backfill], scale: float, database: str) -> str:
    """The comparison table and verdict."""
    bulk, pages = runs
    rows: list[list[object]] = [
        ["orders mirrored", *(r.orders for r in runs)],
        ["order_sync runs", *(r.runs for r in runs)],
        ["store calls", *(len(r.calls) for r in runs)],
        ["actual points spent", *(r.points for r in runs)],
        ["points per order", *(r.points / r.orders if r.orders else 0.0 for r in runs)],
        ["real seconds", *(r.real_seconds for r in runs)],
        ["seconds at Standard limits", *(r.standard_seconds for r in runs)],
        ["orders/s at Standard limits", *(r.rate for r in runs)],
    ]
    ok = bulk.orders == pages.orders and bulk.points < pages.points / 10
    return "\n".join(
        [
            f"first backfill of the order mirror at Standard limits (bucket 2,000, restore {RESTORE:.0f}/s), "
            f"bucket starting empty, time scale {scale:g}, {database}",
            table(["figure", "bulk", "pages"], rows),
            "bulk calls: " + operations(bulk.calls),
            "paged calls: " + operations(pages.calls),
            verdict(
                ok,
                f"bulk: {bulk.orders:,} orders for {bulk.points:,.0f} points ({bulk.rate:,.0f} orders/s); "
                f"pages: {pages.points:,.0f} points ({pages.rate:,.0f} orders/s)",
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse sizes, backfill both ways, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orders", type=int, default=2000, help="orders in the store (plus the shaped ones)")
    parser.add_argument("--time-scale", type=float, default=10.0, help="sandbox restore speed-up")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args(argv)
    runs = [
        asyncio.run(backfill(mode, args.orders, args.time_scale, args.database)) for mode in ("bulk", "pages")
    ]
    print(report(runs, args.time_scale, args.database))


if __name__ == "__main__":
    main()
