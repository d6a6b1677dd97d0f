"""Light actions under concurrent load: order_acknowledge and catalog_get_config on a real server.

The connector runs as `retailops-connector serve` (uvicorn, its own process) against a fresh
database and the sandbox store at Standard limits. Untimed set-up through the same HTTP API:
order_pull pages fill the ledger, then each order is acknowledged once (that first ack writes the
store tag; its latency is reported on its own row). The timed runs then drive a closed loop of
concurrent httpx clients on loopback: re-acknowledgements of those orders (RetailOps repeats acks;
the ledger and intent table answer them), and catalog_get_config.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Sequence

import httpx

from bench.drain_load import offered_refnums
from bench.harness import connector_server, fresh_database, start_sandbox
from bench.loadgen import CLIENT_TIMEOUT, LoadResult, is_ok, run_load_processes
from bench.report import table, verdict
from storefront_clients.sandbox import Store, seed
from tests.support.builders import envelope

TARGET_RATE = 1_000.0
TARGET_P99_MS = 20.0


async def _prepare(base: str) -> tuple[list[str], list[float]]:
    """Pull every page (fills the ledger), then acknowledge each order once; answers refnums and latencies."""
    refnums: list[str] = []
    first_acks: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT) as client:
        refnums = await offered_refnums(client)
        for n, refnum in enumerate(refnums):
            body = envelope("order_acknowledge", orders=[_ack(refnum, n)])
            started = time.perf_counter()
            response = await client.post("/order_acknowledge_v1", json=body)
            first_acks.append(time.perf_counter() - started)
            if not is_ok(response):
                raise SystemExit(
                    f"first acknowledgement failed: {response.status_code} {response.text[:300]}"
                )
    return refnums, first_acks


def _ack(refnum: str, n: int) -> dict[str, object]:
    return {"channel_order_refnum": refnum, "retailops_order_id": 100_000 + n}


async def measure(
    base: str, pid: int, concurrency: int, duration: float, max_requests: int, processes: int
) -> tuple[dict[str, LoadResult], list[float], int]:
    """Prepare, then load each action in turn."""
    refnums, first_acks = await _prepare(base)
    ack_bodies = [
        json.dumps(envelope("order_acknowledge", orders=[_ack(r, n)])).encode() for n, r in enumerate(refnums)
    ]
    config_body = [json.dumps(envelope("catalog_get_config")).encode()]
    results = {}
    for name, path, bodies in (
        ("order_acknowledge (repeat)", "/order_acknowledge_v1", ack_bodies),
        ("catalog_get_config", "/catalog_get_config_v1", config_body),
    ):
        results[name] = await run_load_processes(
            processes,
            base,
            path,
            bodies,
            concurrency=concurrency,
            duration=duration,
            max_requests=max_requests,
            server_pid=pid,
        )
    return results, first_acks, len(refnums)


def report(
    results: dict[str, LoadResult],
    first_acks: list[float],
    orders: int,
    concurrency: int,
    processes: int,
    database: str,
) -> str:
    """The light-action table and verdict."""
    rows: list[list[object]] = [
        [
            name,
            len(r.latencies),
            r.failures,
            r.rate,
            r.percentile(50),
            r.percentile(99),
            r.percentile(100),
            f"{r.server_cpu:.0%}",
            r.server_cpu / r.rate * 1000 if r.rate else "-",
            f"{r.client_cpu:.0%}",
        ]
        for name, r in results.items()
    ]
    first = LoadResult(latencies=first_acks)
    p50, p99, top = first.percentile(50), first.percentile(99), first.percentile(100)
    rows.append(["first ack, one at a time (tagsAdd)", len(first_acks), 0, "-", p50, p99, top, "-", "-", "-"])
    ok = all(
        r.rate >= TARGET_RATE and r.percentile(99) <= TARGET_P99_MS and not r.failures
        for r in results.values()
    )
    worst_rate = min(r.rate for r in results.values())
    worst_p99 = max(r.percentile(99) for r in results.values())
    headers = ["action", "answered", "failed", "req/s", "p50 ms", "p99 ms", "max ms"]
    headers += ["server CPU", "server CPU ms/req", "loadgen CPU"]
    return "\n".join(
        [
            f"light actions: {concurrency} concurrent keep-alive clients on loopback in {processes} "
            f"generator process(es), {database}, "
            f"{orders} orders acknowledged once before the timed runs; CPU as a share of one core, "
            f"server = the connector process (event loop + database threads)",
            table(headers, rows),
            verdict(
                ok,
                f"lowest {worst_rate:,.0f} req/s (target ≥ {TARGET_RATE:,.0f}), "
                f"highest p99 {worst_p99:.1f} ms (target ≤ {TARGET_P99_MS:.0f} ms)",
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse sizes, start the sandbox and the connector, load both actions, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orders", type=int, default=100, help="orders to acknowledge (≤ 150: one bucket)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per action")
    parser.add_argument("--max-requests", type=int, default=50_000, help="cap per action")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--loadgen-processes", type=int, default=1, help="httpx generator processes")
    args = parser.parse_args(argv)
    store = seed(Store(), products=40, extra_orders=args.orders)
    sandbox = start_sandbox(store, 1.0)
    try:
        with fresh_database(args.database) as url, connector_server(url, sandbox) as (base, pid):
            results, first_acks, orders = asyncio.run(
                measure(base, pid, args.concurrency, args.duration, args.max_requests, args.loadgen_processes)
            )
    finally:
        sandbox.stop()
    print(report(results, first_acks, orders, args.concurrency, args.loadgen_processes, args.database))


if __name__ == "__main__":
    main()
