"""Order intake latency: from an order's creation in the store to its first offer in order_pull.

Issue #10's target: ≤ 5 s with webhooks, ≤ one sync interval without. Two runs, each with a fresh
sandbox store (Standard limits, real time), a fresh database and its own `retailops-connector
serve` (scheduler on, as in production):
1. webhooks: CONNECTOR_PUBLIC_URL is the process's own URL and SHOPIFY_WEBHOOK_SECRET the
   sandbox's client secret, so the sandbox delivers signed orders/create webhooks; order_sync polls
   every 600 s, so only a webhook can bring an order in fast;
2. polling: no public URL (no subscriptions), order_sync every `--sync-seconds`.
CONNECTOR_ORDER_DELAY_SECONDS=0 in both: the cooling-off window is a deliberate delay, and measured
from when its gate opens it would add exactly its length to every figure. The mirror's lag limit is
raised above both intervals so that order_pull never catches up from the store itself: the figures
are those of the webhook and of the scheduled sync, not of a third path.
Untimed set-up: the subscriptions (run 1) and the first order sync. Timed: `--orders` paid orders
created through the sandbox admin API `--spacing` s apart while a reader, as RetailOps does, pulls
every page of order_pull over HTTP every `--poll` s. An order's latency runs from just before its
creation call to the answer of the first pull that offered it, so it includes up to one poll period.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from bench.drain_load import offered_refnums
from bench.harness import connector_server, fresh_database, start_sandbox
from bench.loadgen import CLIENT_TIMEOUT, LoadResult
from bench.report import table, verdict
from connector.db.engine import make_engine
from connector.jobs.order_sync import SYNCED
from connector.jobs.webhook_subscriptions import TOPICS
from connector.repo import cursors
from storefront_clients.sandbox import SandboxConfig, Store, seed
from tests.support.sandbox import SandboxAdmin, SandboxServer

TARGET_WEBHOOK_SECONDS = 5.0
# Polling this rarely in the webhook run leaves the webhook as the only fast path.
SLOW_SYNC_SECONDS = 600.0
MAX_LAG_SECONDS = 3_600.0
SET_UP_SECONDS = 60.0
# Shopify waits this long for a delivery's answer; the delivery log is read within it.
DELIVERY_SECONDS = 5.0
# Past twice its target plus this, an order is reported as not offered rather than waited for.
GRACE_SECONDS = 10.0
SKU = "SBX-00001-S"


@dataclass
class Run:
    """Creation and first-offer instants (perf_counter) of one run's orders."""

    webhooks: bool
    sync_seconds: float
    poll: float
    created: dict[str, float] = field(default_factory=dict)
    offered: dict[str, float] = field(default_factory=dict)
    delivered: int = 0
    attempts: int = 0

    @property
    def label(self) -> str:
        """The run's row label."""
        return "webhooks" if self.webhooks else "polling"

    @property
    def target(self) -> float:
        """The latency the run must stay within: 5 s, or one sync interval plus one poll period."""
        return TARGET_WEBHOOK_SECONDS if self.webhooks else self.sync_seconds + self.poll

    def latencies(self) -> LoadResult:
        """Creation-to-offer seconds of the offered orders."""
        return LoadResult(latencies=[self.offered[r] - self.created[r] for r in self.offered])


def _synced(engine: Engine) -> bool:
    with Session(engine) as session:
        return cursors.get(session, SYNCED) is not None


async def _wait(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SET_UP_SECONDS
    while not await asyncio.to_thread(check):
        if time.monotonic() > deadline:
            raise SystemExit(f"set-up not done within {SET_UP_SECONDS:.0f} s: {what}")
        await asyncio.sleep(0.1)


async def _create(admin: SandboxAdmin, run: Run, count: int, spacing: float) -> None:
    order = {"lines": [{"sku": SKU, "quantity": 1}], "payment": "paid"}
    for _ in range(count):
        started = time.perf_counter()
        created = await asyncio.to_thread(admin.add_order, order)
        run.created[str(created["id"]).rsplit("/", 1)[1]] = started
        await asyncio.sleep(max(0.0, spacing - (time.perf_counter() - started)))


async def _read(client: httpx.AsyncClient, run: Run, creating: asyncio.Task[None]) -> None:
    deadline: float | None = None
    while True:
        started = time.perf_counter()
        refnums = await offered_refnums(client)
        answered = time.perf_counter()
        for refnum in refnums:
            if refnum in run.created and refnum not in run.offered:
                run.offered[refnum] = answered
        if creating.done():
            if len(run.offered) == len(run.created):
                return
            deadline = deadline or answered + 2 * run.target + GRACE_SECONDS
            if answered > deadline:
                return
        await asyncio.sleep(max(0.0, run.poll - (answered - started)))


def _deliveries(sandbox: SandboxServer) -> tuple[int, int]:
    """(answered 200, attempted) orders/create deliveries in the sandbox's log."""
    log = [d for d in sandbox.admin.webhooks()["deliveries"] if d["topic"] == "orders/create"]
    return sum(1 for d in log if d["status"] == 200), len(log)


async def measure(
    run: Run, base: str, engine: Engine, sandbox: SandboxServer, orders: int, spacing: float
) -> None:
    """Wait for the set-up, then create the orders and read order_pull until each is offered."""
    if run.webhooks:
        await _wait(lambda: len(sandbox.admin.webhooks()["subscriptions"]) == len(TOPICS), "subscriptions")
    await _wait(lambda: _synced(engine), "first order sync")
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT) as client:
        creating = asyncio.create_task(_create(sandbox.admin, run, orders, spacing))
        await _read(client, run, creating)
        await creating
    # A delivery is logged once its answer is back, which may come after the order is offered.
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        run.delivered, run.attempts = await asyncio.to_thread(_deliveries, sandbox)
        if not run.webhooks or run.attempts >= len(run.created) or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.1)


def one_run(webhooks: bool, args: argparse.Namespace) -> Run:
    """One run on its own sandbox, database and `serve`; called twice by `main`."""
    run = Run(webhooks, SLOW_SYNC_SECONDS if webhooks else args.sync_seconds, args.poll)
    env = {
        "CONNECTOR_SCHEDULER_ENABLED": "true",
        "CONNECTOR_ORDER_DELAY_SECONDS": "0",
        "CONNECTOR_ORDER_SYNC_SECONDS": str(run.sync_seconds),
        "CONNECTOR_ORDER_MIRROR_MAX_LAG_SECONDS": str(max(MAX_LAG_SECONDS, 2 * run.sync_seconds)),
    }
    if webhooks:
        env["SHOPIFY_WEBHOOK_SECRET"] = SandboxConfig().client_secret
    # A fresh store per run: run 1's subscriptions would otherwise point at a stopped process.
    sandbox = start_sandbox(seed(Store(), products=6, variants_per_product=4), 1.0)
    try:
        with (
            fresh_database(args.database) as url,
            connector_server(url, sandbox, public_url=webhooks, **env) as (base, _pid),
        ):
            engine = make_engine(url)
            try:
                asyncio.run(measure(run, base, engine, sandbox, args.orders, args.spacing))
            finally:
                engine.dispose()
    finally:
        sandbox.stop()
    return run


def _table(run: Run) -> str:
    seconds = run.latencies()
    headers = ["run", "offered / created", "p50 s", "p99 s", "max s", "sync interval s", "target s"]
    headers.append("orders/create webhooks 200 / sent")
    row: list[object] = [
        run.label,
        f"{len(run.offered)} / {len(run.created)}",
        seconds.percentile(50) / 1000,
        seconds.percentile(99) / 1000,
        seconds.percentile(100) / 1000,
        run.sync_seconds,
        run.target,
        f"{run.delivered} / {run.attempts}",
    ]
    return table(headers, [row])


def max_seconds(run: Run) -> float:
    """The run's highest creation-to-offer latency, seconds."""
    return run.latencies().percentile(100) / 1000


def _met(run: Run) -> bool:
    return bool(run.created) and len(run.offered) == len(run.created) and max_seconds(run) <= run.target


def report(hooked: Run, polled: Run, database: str, spacing: float) -> str:
    """The two runs' tables and one verdict on both targets."""
    return "\n".join(
        [
            f"order intake, creation in the store to first order_pull offer: `serve` (scheduler on), "
            f"{database}, sandbox at Standard limits, real time; CONNECTOR_ORDER_DELAY_SECONDS=0; "
            f"orders {spacing:g} s apart, order_pull read every {hooked.poll:g} s (included in the figures)",
            f"run 1: webhooks on (CONNECTOR_PUBLIC_URL = the process itself), "
            f"order_sync every {hooked.sync_seconds:g} s",
            _table(hooked),
            f"run 2: webhooks off, order_sync every {polled.sync_seconds:g} s",
            _table(polled),
            verdict(
                _met(hooked) and _met(polled),
                f"max {max_seconds(hooked):.2f} s with webhooks (target ≤ {TARGET_WEBHOOK_SECONDS:g} s), "
                f"max {max_seconds(polled):.2f} s polling every {polled.sync_seconds:g} s "
                f"(target ≤ the interval + the reader's {polled.poll:g} s poll = {polled.target:g} s); "
                f"offered {len(hooked.offered) + len(polled.offered)} of "
                f"{len(hooked.created) + len(polled.created)}",
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse sizes, measure with webhooks and then by polling alone, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orders", type=int, default=30, help="new paid orders per run")
    parser.add_argument("--spacing", type=float, default=1.0, help="seconds between two new orders")
    parser.add_argument(
        "--sync-seconds", type=float, default=10.0, help="order_sync interval of the polling run"
    )
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between two order_pull reads")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args(argv)
    hooked = one_run(True, args)
    polled = one_run(False, args)
    print(report(hooked, polled, args.database, args.spacing))


if __name__ == "__main__":
    main()
