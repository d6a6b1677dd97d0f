"""Inventory throughput: the real flush job + ShopifyClient against the sandbox at Standard limits.

Buffers N quantities (SKU map warm, as in steady state), empties the sandbox bucket so the run
measures the sustained rate rather than the 2,000-point burst, runs `inventory_flush.flush` to
completion and reads the sandbox call log. Three runs: with the flusher's commitments read
(open unacknowledged orders, cached 30 s) still cached, so only the writes are measured; the
same SKUs again with that cache expired, as happens every 30 s in steady state; and a
one-SKU-per-call strategy (the same job with its batch size set to 1) for comparison. Every
delivered quantity is checked in the sandbox store afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.harness import RESTORE, Sandbox, drained, fresh_database, services_for, settings_for, start_sandbox
from bench.report import CallStats, operations, table, verdict
from bench.timing import timer_of
from connector.domain.locations import DEFAULT_LOCATION
from connector.jobs import inventory_flush
from connector.repo import inventory, skus
from connector.services import Services
from storefront_clients.base import VariantRef
from storefront_clients.sandbox import Store, seed

TARGET_RATIO = 0.9
OPERATION = "InventorySetQuantities"


@dataclass(frozen=True)
class Run:
    """Figures of one flush run."""

    strategy: str
    skus: int
    delivered: int
    elapsed: float
    scale: float
    stats: CallStats
    per_call: int
    wrong: int
    log: str
    storefront_seconds: float
    batches: int
    commitments_seconds: float

    @property
    def own_ms_per_batch(self) -> float:
        """The connector's own real milliseconds per batch (storefront calls and pacing excluded)."""
        return (self.elapsed - self.storefront_seconds) / self.batches * 1000 if self.batches else 0.0

    @property
    def store_seconds(self) -> float:
        """Elapsed time converted to store time (Standard limits)."""
        return self.elapsed * self.scale

    @property
    def rate(self) -> float:
        """Delivered SKUs per store second."""
        return self.delivered / self.store_seconds if self.store_seconds else 0.0

    @property
    def ceiling(self) -> float:
        """restoreRate / actual cost per call x SKUs per call."""
        return RESTORE / self.stats.actual_cost * self.per_call if self.stats.actual_cost else 0.0


def _store_quantities(store: Store, wanted: dict[str, int]) -> int:
    """How many SKUs' available quantity at the primary location differs from `wanted`."""
    with store.lock:
        primary = store.primary_location.id
        wrong = 0
        for sku, qty in wanted.items():
            variant = store.variant_by_sku(sku)[0]
            level = store.items[variant.inventory_item_id].levels.get(primary)
            wrong += level is None or level.available != qty
    return wrong


async def _warm_map(services: Services) -> int:
    """Fill the SKU map through the client's bulk variant listing (the steady state)."""
    refs: list[VariantRef] = [ref async for ref in services.storefront.iter_variants()]
    await services.db.run(lambda s: skus.record(s, refs))
    return len(refs)


async def _flush_run(
    services: Services,
    sandbox: Sandbox,
    names: Sequence[str],
    round_no: int,
    per_call: int,
    label: str,
    *,
    expire_commitments: bool = False,
) -> Run:
    wanted = {sku: (i * 7 + round_no) % 89 for i, sku in enumerate(names)}
    await services.db.run(
        lambda s: inventory.buffer_quantities(s, {(k, DEFAULT_LOCATION): v for k, v in wanted.items()})
    )
    if expire_commitments:
        services.commitments.forget()
    else:  # read now, before the bucket is emptied: the run then measures the writes alone
        await services.commitments.current()
    await drained(sandbox, services)
    inventory_flush.BATCH = per_call
    timer = timer_of(services)
    timer.reset()
    try:
        started = time.perf_counter()
        figures = await inventory_flush.flush(services)
        elapsed = time.perf_counter() - started
    finally:
        inventory_flush.BATCH = 250
    calls = sandbox.calls()
    return Run(
        strategy=label,
        skus=len(names),
        delivered=figures.delivered,
        elapsed=elapsed,
        scale=sandbox.scale,
        stats=CallStats.of(calls, OPERATION),
        per_call=per_call,
        wrong=_store_quantities(sandbox.store, wanted),
        log=operations(calls),
        storefront_seconds=timer.seconds,
        batches=figures.batches,
        commitments_seconds=timer.by_method.get("list_orders", 0.0),
    )


async def measure(database_url: str, sandbox: Sandbox, batched: int, single: int) -> list[Run]:
    """The batched run, then the one-SKU-per-call run on other SKUs."""
    settings = settings_for(database_url, sandbox.url)
    async with services_for(settings, sandbox.scale) as services:
        mapped = await _warm_map(services)
        await services.locations.default_id()  # asked once per process, not per run
        names = sorted(v.sku for v in sandbox.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
        if mapped < batched + single or len(names) < batched + single:
            raise SystemExit(f"sandbox holds {len(names)} SKUs, need {batched + single}")
        first = names[:batched]
        runs = [
            await _flush_run(services, sandbox, first, 1, 250, "250/call, commitments cached"),
            await _flush_run(
                services, sandbox, first, 2, 250, "250/call + commitments read", expire_commitments=True
            ),
        ]
        if single:
            runs.append(
                await _flush_run(services, sandbox, names[batched : batched + single], 3, 1, "1 SKU per call")
            )
    return runs


def report(runs: list[Run], database: str) -> str:
    """The inventory table and verdict."""
    rows: list[list[object]] = [
        ["SKUs pushed", *(r.skus for r in runs)],
        ["SKUs delivered (and verified in store)", *(f"{r.delivered - r.wrong:,}" for r in runs)],
        ["elapsed, real s", *(r.elapsed for r in runs)],
        ["elapsed, store s (real x scale)", *(r.store_seconds for r in runs)],
        ["delivered SKUs/s (store time)", *(r.rate for r in runs)],
        ["actual cost per call, points", *(r.stats.actual_cost for r in runs)],
        ["ceiling restoreRate/cost x SKUs per call", *(r.ceiling for r in runs)],
        ["ratio delivered / ceiling", *(f"{r.rate / r.ceiling:.2f}" if r.ceiling else "-" for r in runs)],
        [f"{OPERATION} calls", *(r.stats.calls for r in runs)],
        ["other storefront calls", *(r.stats.other_calls for r in runs)],
        ["THROTTLED answers", *(r.stats.throttled for r in runs)],
        ["connector's own ms per call (real)", *(r.own_ms_per_batch for r in runs)],
        ["of the elapsed: commitments read (list_orders), s", *(r.commitments_seconds for r in runs)],
    ]
    batched = runs[:2]
    ratios = [r.rate / r.ceiling if r.ceiling else 0.0 for r in batched]
    ok = all(x >= TARGET_RATIO for x in ratios) and not any(r.stats.throttled or r.wrong for r in runs)
    main = runs[0]
    lines = [
        f"inventory throughput at Standard limits (bucket 2,000, restore {RESTORE:.0f}/s), "
        f"time scale {main.scale:g}, {database}; the bucket starts empty (sustained rate, not burst)",
        table(["figure", *(r.strategy for r in runs)], rows),
        "calls: " + " | ".join(r.log for r in runs),
        verdict(
            ok,
            " and ".join(
                f"{r.rate:,.0f} SKUs/s = {x:.2f} of the ceiling" for r, x in zip(batched, ratios, strict=True)
            )
            + f" (target ≥ {TARGET_RATIO}); {sum(r.stats.throttled for r in runs)} THROTTLED (target 0)",
        ),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse sizes, run both strategies, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--skus", type=int, default=25_000, help="SKUs for the batched run")
    parser.add_argument("--single-skus", type=int, default=100, help="SKUs for the one-per-call run")
    parser.add_argument("--time-scale", type=float, default=1.0, help="sandbox restore speed-up")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args(argv)
    total = args.skus + args.single_skus
    store = seed(Store(), products=math.ceil(total / 4), variants_per_product=4, orders=False)
    sandbox = start_sandbox(store, args.time_scale)
    try:
        with fresh_database(args.database) as url:
            runs = asyncio.run(measure(url, sandbox, args.skus, args.single_skus))
    finally:
        sandbox.stop()
    print(report(runs, args.database))


if __name__ == "__main__":
    main()
