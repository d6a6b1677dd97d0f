"""order intake: the order_sync job fills the mirror from the sandbox, then order_pull pages through it.

The app (its lifespan run, in-process ASGI) first runs `order_sync` (the store is read at
Standard limits; points per mirrored order are counted from the sandbox's call log), then
answers `POST /order_pull_v1` page after page until `next_page_token` is empty. Its storefront is
the real ShopifyClient, wrapped to time every storefront call, so the connector's own time per
page is the request's time minus the storefront's (a normal page makes no store call at all).
Steady state: new orders then arrive and one incremental sync brings them in; its points per
new order are the steady-state cost of offering an order.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine, text

from bench.harness import RESTORE, drained, fresh_database, settings_for, start_sandbox
from bench.report import operations, table, verdict
from bench.timing import DbTimer, timed_factory, timer_of
from connector.app import create_app
from connector.db.engine import make_engine
from connector.jobs.order_sync import sync_orders
from connector.retailops.responses import MAX_ORDERS_PER_PAGE
from connector.services import Services
from storefront_clients.sandbox import Store, seed
from storefront_clients.sandbox.order_builder import build_order
from storefront_clients.sandbox.order_math import financial_status
from tests.support.builders import envelope
from tests.support.sandbox import SandboxServer

TARGET_POINTS_PER_ORDER = 10.0
TARGET_OWN_P99_MS = 50.0
NEW_ORDERS = 50
NEW_ORDER = {"lines": [{"sku": "SBX-00001-S", "quantity": 1}], "payment": "paid"}
REQUEST_TIMEOUT = httpx.Timeout(120.0)


@dataclass
class Pull:
    """Per-page figures of one complete pull."""

    scale: float
    # (wall s, storefront s, database s, orders) per order_pull request
    pages: list[tuple[float, float, float, int]] = field(default_factory=list)
    refnums: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0
    sustained: float = 0.0
    profile: str = ""
    # order_sync: (orders mirrored, actual points, store calls) for the backfill and the steady state
    backfill: tuple[int, float, list[dict[str, Any]]] = (0, 0.0, [])
    steady: tuple[int, float, list[dict[str, Any]]] = (0, 0.0, [])

    @property
    def orders(self) -> int:
        """Orders offered in total."""
        return len(self.refnums)

    def own_ms(self) -> list[float]:
        """Connector's own real ms per page (storefront time excluded)."""
        return [(wall - store) * 1000 for wall, store, _db, _n in self.pages]

    def db_share(self) -> float:
        """Fraction of the connector's own time spent in `db.run`."""
        own = sum(wall - store for wall, store, _db, _n in self.pages)
        return sum(db for _w, _s, db, _n in self.pages) / own if own else 0.0

    def own_ms_per_100(self) -> float:
        """Connector's own real ms per 100 orders offered."""
        own = sum(self.own_ms())
        return own / self.orders * 100 if self.orders else 0.0

    def cost_per_order(self) -> float:
        """Actual points charged per order (every call of the run, failed ones included)."""
        actual = sum(c["actual_cost"] or 0 for c in self.calls)
        return actual / self.orders if self.orders else 0.0

    def later_orders(self) -> int:
        """Orders offered after the first page."""
        return sum(n for _w, _s, _db, n in self.pages[1:])

    def later_cost_per_order(self) -> float:
        """Actual points per order of the calls after the first page's (the sustained window)."""
        first = next((i for i, c in enumerate(self.calls) if _answered_page(c)), len(self.calls))
        first = next((i for i in range(first + 1, len(self.calls)) if _answered_page(self.calls[i])), first)
        actual = sum(c["actual_cost"] or 0 for c in self.calls[first + 1 :])
        return actual / self.later_orders() if self.later_orders() else 0.0

    def sustained_rate(self) -> float:
        """Orders per store second after the first page (the bucket has reached its steady level)."""
        return self.later_orders() / (self.sustained * self.scale) if self.sustained else 0.0


def _answered_page(call: dict[str, Any]) -> bool:
    """An order_pull page's own OrdersPage call (the cancellation scan asks for a tag and counts too)."""
    return call["operation"] == "OrdersPage" and call["error_code"] is None


async def _pull(client: httpx.AsyncClient, services: Services, result: Pull) -> None:
    timer = timer_of(services)
    db = DbTimer(services)
    token = ""
    started = time.perf_counter()
    first_done = started
    while True:
        body = envelope("order_pull", page_token=token, specific_orders=[])
        before_store, before_db = timer.seconds, db.seconds
        t0 = time.perf_counter()
        response = await client.post("/order_pull_v1", json=body)
        wall = time.perf_counter() - t0
        if response.status_code != 200:
            raise SystemExit(f"order_pull answered {response.status_code}: {response.text[:300]}")
        answer = response.json()
        orders = answer.get("orders") or []
        result.pages.append((wall, timer.seconds - before_store, db.seconds - before_db, len(orders)))
        result.refnums += [str(o["channel_order_refnum"]) for o in orders]
        if len(result.pages) == 1:
            first_done = time.perf_counter()
        token = answer.get("next_page_token") or ""
        if not token:
            break
    result.elapsed = time.perf_counter() - started
    result.sustained = time.perf_counter() - first_done


async def measure(database_url: str, sandbox: SandboxServer, profile: bool) -> Pull:
    """Pull every page once through the app; answers the figures."""
    settings = settings_for(
        database_url,
        sandbox.base_url,
        connector_order_delay_seconds=0,
        connector_order_mirror_max_lag_seconds=3600,
    )
    engine = make_engine(database_url)
    app = create_app(settings, engine=engine, storefront_factory=timed_factory(sandbox.scale))
    result = Pull(scale=sandbox.scale)
    try:
        async with app.router.lifespan_context(app):
            services: Services = app.state.services
            await drained(sandbox, services)
            figures = await sync_orders(services)
            _analyze(engine)
            calls = sandbox.admin.calls()
            result.backfill = (figures.orders, sum(c["actual_cost"] or 0 for c in calls), calls)
            sandbox.admin.clear_calls()
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://connector", timeout=REQUEST_TIMEOUT
            ) as client:
                profiler = cProfile.Profile() if profile else None
                if profiler:
                    profiler.enable()
                await _pull(client, services, result)
                if profiler:
                    profiler.disable()
                    result.profile = _top(profiler)
            result.calls = sandbox.admin.calls()
            sandbox.admin.clear_calls()
            with sandbox.store.lock:
                for _ in range(NEW_ORDERS):
                    build_order(sandbox.store, NEW_ORDER)
            await sync_orders(services)
            calls = sandbox.admin.calls()
            result.steady = (NEW_ORDERS, sum(c["actual_cost"] or 0 for c in calls), calls)
    finally:
        engine.dispose()
    return result


def _analyze(engine: Engine) -> None:
    """Refresh PostgreSQL's planner statistics after the backfill, as autovacuum would within a minute.

    Right after a bulk load the planner believes the mirror empty and sorts instead of walking the index.
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE order_mirror"))
            conn.execute(text("ANALYZE order_ledger"))


def _top(profiler: cProfile.Profile) -> str:
    """The connector's, pydantic's and the ORM's functions with the most cumulative time."""
    stats = pstats.Stats(profiler)
    rows = [
        (cum, tot, f"{_short_path(func[0])}:{func[1]}({func[2]})")
        for func, (_cc, _nc, tot, cum, _callers) in stats.stats.items()  # type: ignore[attr-defined]
        if "connector/" in func[0] or "pydantic" in func[0] or "sqlalchemy/orm" in func[0]
    ]
    rows.sort(reverse=True)
    lines = [f"{cum * 1000:9.0f} ms cum {tot * 1000:8.0f} ms own  {name}" for cum, tot, name in rows[:20]]
    return "profile of the pull (main thread, top 20 by cumulative time):\n" + "\n".join(lines)


def _short_path(path: str) -> str:
    """The path from the package (or site-packages) root on."""
    for root in ("connector/", "storefront_clients/"):
        if root in path:
            return root + path.split(root, 1)[1]
    return path.split("site-packages/", 1)[-1]


def report(pull: Pull, expected: int, database: str) -> str:
    """The order intake table and verdict."""
    own = pull.own_ms()
    full = [ms for ms, (_w, _s, _d, n) in zip(own, pull.pages, strict=True) if n == MAX_ORDERS_PER_PAGE]
    p99 = _percentile(full or own, 0.99)
    mirrored, backfill_points, backfill_calls = pull.backfill
    new, steady_points, steady_calls = pull.steady
    per_order = steady_points / new if new else 0.0
    rate = pull.orders / pull.elapsed if pull.elapsed else 0.0
    rows: list[list[object]] = [
        ["order_sync backfill: orders read / actual points", f"{mirrored:,} / {backfill_points:,.0f}"],
        ["order_sync backfill: points per order", backfill_points / mirrored if mirrored else 0.0],
        ["steady state: new orders / actual points", f"{new} / {steady_points:,.0f}"],
        ["steady state: points per offered order", per_order],
        ["orders offered (distinct / expected)", f"{len(set(pull.refnums)):,} / {expected:,}"],
        ["order_pull pages", len(pull.pages)],
        ["orders per page (mean)", pull.orders / len(pull.pages) if pull.pages else 0.0],
        ["store calls during the pull", len(pull.calls)],
        ["connector own ms per page, median / p95 / max", _spread(own)],
        ["own ms per 100-order page, p99", p99],
        ["orders/s through order_pull (real time)", rate],
        ["share of own time in db.run (thread hop + SQL + commit)", f"{pull.db_share():.0%}"],
    ]
    ok = per_order <= TARGET_POINTS_PER_ORDER and p99 <= TARGET_OWN_P99_MS and not pull.calls
    lines = [
        f"order intake at Standard limits (bucket 2,000, restore {RESTORE:.0f}/s), time scale "
        f"{pull.scale:g}, {database}; the sandbox's own cost model (not calibrated to the captures)",
        table(["figure", "value"], rows),
        "backfill calls: " + operations(backfill_calls),
        "steady-state calls: " + operations(steady_calls),
        verdict(
            ok,
            f"{per_order:.1f} points per offered order (target ≤ {TARGET_POINTS_PER_ORDER:.0f}); "
            f"own time p99 {p99:.1f} ms per 100 orders (target ≤ {TARGET_OWN_P99_MS:.0f} ms); "
            f"{rate:,.0f} orders/s through order_pull",
        ),
    ]
    if pull.profile:
        lines.append(pull.profile)
    return "\n".join(lines)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _mean_max(calls: list[dict[str, Any]], key: str) -> str:
    values = [c[key] for c in calls if c[key] is not None]
    return f"{statistics.fmean(values):.0f} / {max(values)}" if values else "-"


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f} / {ordered[-1]:.1f}"


def _expected(store: Store) -> int:
    with store.lock:
        return sum(
            1
            for o in store.orders.values()
            if o.closed_at is None
            and o.cancelled_at is None
            and financial_status(o) in ("PAID", "AUTHORIZED", "PARTIALLY_PAID")
            # The readiness gate keeps held and still-scheduled orders back.
            and not any(
                fo.status == "ON_HOLD"
                or (fo.status == "SCHEDULED" and (fo.fulfill_at is None or fo.fulfill_at > store.now()))
                for fo in o.fulfillment_orders
            )
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse sizes, pull everything once, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orders", type=int, default=600, help="orders in the store (plus 11 shaped ones)")
    parser.add_argument("--time-scale", type=float, default=4.0, help="sandbox restore speed-up")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--profile", action="store_true", help="print where the connector's time goes")
    args = parser.parse_args(argv)
    store = seed(Store(), products=40, extra_orders=args.orders)
    expected = _expected(store)  # before the steady-state orders are added
    sandbox = start_sandbox(store, args.time_scale)
    try:
        with fresh_database(args.database) as url:
            pull = asyncio.run(measure(url, sandbox, args.profile))
    finally:
        sandbox.stop()
    print(report(pull, expected, args.database))


if __name__ == "__main__":
    main()
