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
import time
from collections.abc import Sequence

import httpx
from sqlalchemy import Engine, text

from bench.harness import drained, fresh_database, settings_for, start_sandbox
from bench.order_pull_report import Pull, report
from bench.profiling import top_functions
from bench.timing import DbTimer, timed_factory, timer_of
from connector.app import create_app
from connector.db.engine import make_engine
from connector.jobs.order_sync import sync_orders
from connector.services import Services
from storefront_clients.sandbox import Store, seed
from storefront_clients.sandbox.order_builder import build_order
from storefront_clients.sandbox.order_math import financial_status
from tests.support.builders import envelope
from tests.support.sandbox import SandboxServer

NEW_ORDERS = 50
NEW_ORDER = {"lines": [{"sku": "SBX-00001-S", "quantity": 1}], "payment": "paid"}
REQUEST_TIMEOUT = httpx.Timeout(120.0)


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
                    result.profile = top_functions(profiler)
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
