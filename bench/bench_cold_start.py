"""Cold start: a connector with an empty database meets a 50,000-SKU store; time to map and fully sync.

Run A maps on miss only: RetailOps pushes every quantity through `POST /inventory_push_v1`
(in chunks, the app in-process), then the real flush job runs until the buffer is empty; SKUs
are mapped on the way (the push's bounded lookup and the flusher's per-batch `resolve_skus`).
Run B first runs the SKU-map warm-up job (`connector.jobs.sku_map.warm`, a bulk export; `serve`
starts it at start-up), then pushes and flushes the same way. Both start with a full bucket
(an idle shop) and a fresh database; every delivered quantity is checked in the sandbox store.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from bench.harness import BUCKET, RESTORE, fresh_database, settings_for, start_sandbox
from bench.report import operations, table, verdict
from bench.timing import timed_factory
from connector.app import create_app
from connector.db.engine import make_engine
from connector.jobs.inventory_flush import flush
from connector.jobs.sku_map import warm
from connector.repo import inventory, skus
from connector.services import Services
from storefront_clients.sandbox import Store, seed
from tests.support.builders import envelope
from tests.support.sandbox import SandboxServer

T = TypeVar("T")
REQUEST_TIMEOUT = httpx.Timeout(300.0)
MAX_FLUSH_RUNS = 1_000  # flush() stops on a transient failure; the scheduler would run it again


@dataclass
class Phase:
    """Real seconds of one phase and the storefront calls it made."""

    seconds: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)

    def points(self) -> int:
        """Actual cost charged in the phase."""
        return int(sum(c["actual_cost"] or 0 for c in self.calls))


@dataclass
class ColdStart:
    """Figures of one cold start."""

    name: str
    scale: float
    map: Phase = field(default_factory=Phase)
    push: Phase = field(default_factory=Phase)
    flush: Phase = field(default_factory=Phase)
    mapped: int = 0
    delivered_ok: int = 0
    warnings: int = 0

    @property
    def total(self) -> float:
        """Real seconds from the first call to the last quantity delivered."""
        return self.map.seconds + self.push.seconds + self.flush.seconds

    def points(self) -> int:
        """Actual cost charged over all phases."""
        return self.map.points() + self.push.points() + self.flush.points()

    def floor(self) -> float:
        """Seconds the points alone need at Standard limits, after the full bucket's burst."""
        return max(0.0, self.points() - BUCKET) / RESTORE

    def estimate(self) -> float:
        """Real-time estimate at Standard limits: the CPU-bound real time or the cost floor.

        The flush works and waits in turn, and the bucket refills while it works, so the two
        overlap: the slower of them sets the pace.
        """
        return max(self.total, self.floor())

    def throttled(self) -> int:
        """THROTTLED answers over all phases."""
        return sum(
            1 for p in (self.map, self.push, self.flush) for c in p.calls if c["error_code"] == "THROTTLED"
        )


def _wanted(names: Sequence[str]) -> dict[str, int]:
    return {sku: (i * 13) % 71 for i, sku in enumerate(names)}


async def _push(client: httpx.AsyncClient, wanted: dict[str, int], chunk: int) -> int:
    """Push every quantity in chunks; answers the warning events RetailOps got back."""
    items = list(wanted.items())
    warnings = 0
    for start in range(0, len(items), chunk):
        updates = [{"sku": s, "quantity_available": q} for s, q in items[start : start + chunk]]
        response = await client.post(
            "/inventory_push_v1", json=envelope("inventory_push", inventory_updates=updates)
        )
        if response.status_code != 200:
            raise SystemExit(f"inventory_push answered {response.status_code}: {response.text[:300]}")
        warnings += len(response.json().get("events") or [])
    return warnings


async def _drain(services: Services) -> None:
    for _ in range(MAX_FLUSH_RUNS):
        await flush(services)
        if await services.db.run(inventory.pending_count) == 0:
            return
    raise SystemExit("the buffer did not drain")


async def _timed(sandbox: SandboxServer, phase: Phase, work: Awaitable[T]) -> T:
    sandbox.admin.clear_calls()
    started = time.perf_counter()
    answer = await work
    phase.seconds = time.perf_counter() - started
    phase.calls = sandbox.admin.calls()
    return answer


async def cold_start(database_url: str, sandbox: SandboxServer, bulk_first: bool, chunk: int) -> ColdStart:
    """One cold start against a fresh database and a full bucket."""
    result = ColdStart("B: warm-up job, then sync" if bulk_first else "A: map on miss only", sandbox.scale)
    names = sorted(v.sku for v in sandbox.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    wanted = _wanted(names)
    settings = settings_for(database_url, sandbox.base_url)
    engine = make_engine(database_url)
    app = create_app(settings, engine=engine, storefront_factory=timed_factory(sandbox.scale))
    sandbox.admin.fill()
    try:
        async with app.router.lifespan_context(app):
            services: Services = app.state.services
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://c", timeout=REQUEST_TIMEOUT
            ) as client:
                if bulk_first:
                    await _timed(sandbox, result.map, warm(services))
                result.warnings = await _timed(sandbox, result.push, _push(client, wanted, chunk))
                await _timed(sandbox, result.flush, _drain(services))
            known = await services.db.run(lambda s: skus.lookup(s, names))
            result.mapped = sum(1 for row in known.values() if row.inventory_item_id)
    finally:
        engine.dispose()
    result.delivered_ok = len(wanted) - _wrong(sandbox.store, wanted)
    return result


def _wrong(store: Store, wanted: dict[str, int]) -> int:
    with store.lock:
        primary = store.primary_location.id
        bad = 0
        for sku, qty in wanted.items():
            level = store.items[store.variant_by_sku(sku)[0].inventory_item_id].levels.get(primary)
            bad += level is None or level.available != qty
    return bad


def report(runs: list[ColdStart], catalog: int, chunk: int, database: str) -> str:
    """The cold-start table and a verdict line (the design sets no number; the ceiling is shown)."""
    scale = runs[0].scale

    def both(fn: Any) -> list[object]:
        return [fn(r) for r in runs]

    rows = [
        ["SKU map filled (SKUs)", *both(lambda r: r.mapped)],
        ["quantities delivered and verified in store", *both(lambda r: r.delivered_ok)],
        ["SKU map warm-up (bulk), real s", *both(lambda r: r.map.seconds if r.map.calls else "-")],
        [f"inventory_push x{math.ceil(catalog / chunk)} (to 200), real s", *both(lambda r: r.push.seconds)],
        ["flush until empty, real s", *both(lambda r: r.flush.seconds)],
        ["total, real s", *both(lambda r: r.total)],
        ["points charged", *both(lambda r: r.points())],
        ["cost floor at Standard: (points - 2,000 burst) / 100 per s", *both(lambda r: r.floor())],
        ["estimate at real Standard limits: max(real total, floor), s", *both(lambda r: r.estimate())],
        ["THROTTLED answers", *both(lambda r: r.throttled())],
        ["warning events returned to the pushes", *both(lambda r: r.warnings)],
    ]
    lines = [
        f"cold start: {catalog:,}-SKU store, empty connector database ({database}), bucket full at start, "
        f"Standard limits at time scale {scale:g}; pushes of {chunk:,} SKUs",
        table(["figure", *(r.name for r in runs)], rows),
    ]
    for r in runs:
        lines.append(
            f"calls {r.name}: warm-up [{operations(r.map.calls) or '-'}] "
            f"push [{operations(r.push.calls) or '-'}] flush [{operations(r.flush.calls)}]"
        )
    complete = all(r.delivered_ok == catalog for r in runs)
    summary = "; ".join(f"{r.name}: about {r.estimate():,.0f} s at Standard limits" for r in runs)
    lines.append(verdict(complete, f"every quantity delivered (the design sets no time target); {summary}"))
    return "\n".join(lines)


async def _both(sandbox: SandboxServer, database: str, chunk: int, bulk: bool) -> list[ColdStart]:
    runs = []
    for bulk_first in (False, True) if bulk else (False,):
        with fresh_database(database) as url:
            runs.append(await cold_start(url, sandbox, bulk_first, chunk))
    return runs


def main(argv: Sequence[str] | None = None) -> None:
    """Parse sizes, run both cold starts, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--skus", type=int, default=50_000, help="SKUs in the store (4 per product)")
    parser.add_argument("--push-size", type=int, default=10_000, help="SKUs per inventory_push")
    parser.add_argument("--time-scale", type=float, default=10.0, help="sandbox restore speed-up")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--no-warm-up", action="store_true", help="skip run B")
    args = parser.parse_args(argv)
    store = seed(Store(), products=math.ceil(args.skus / 4), variants_per_product=4, orders=False)
    catalog = sum(1 for v in store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    sandbox = start_sandbox(store, args.time_scale)
    try:
        runs = asyncio.run(_both(sandbox, args.database, args.push_size, not args.no_warm_up))
    finally:
        sandbox.stop()
    print(report(runs, catalog, args.push_size, args.database))


if __name__ == "__main__":
    main()
