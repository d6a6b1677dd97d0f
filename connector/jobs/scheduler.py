"""Start and stop the scheduled jobs with the app; each logs one line per run with its figures."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, is_dataclass
from datetime import datetime
from functools import partial
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from connector.db.types import utcnow
from connector.jobs.drift import check
from connector.jobs.gauges import refresh
from connector.jobs.intent_retry import retry_due
from connector.jobs.inventory_flush import flush
from connector.jobs.order_sync import sync_orders
from connector.jobs.reconcile import reconcile
from connector.jobs.sku_map import warm
from connector.jobs.webhook_subscriptions import ensure_subscriptions
from connector.ops.snapshot import persist_snapshot
from connector.ops.state import RunSeen
from connector.repo import runs
from connector.services import Services
from connector.workers import Wakeup

log = logging.getLogger("connector.jobs")
GAUGE_SECONDS = 15.0
SNAPSHOT_SECONDS = 30.0
# Jobs that only read and report: their runs never count as "did something".
READ_ONLY_JOBS = frozenset({"metrics_gauges", "ops_snapshot"})


def _logged(
    services: Services, name: str, job: Callable[[], Awaitable[Any]]
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        started, started_at = time.perf_counter(), utcnow()
        # Writes and snapshots this run makes name it, so the order page can list the runs.
        token = runs.current.set(runs.RunRef(name, started_at))
        try:
            figures = await job()
        except Exception as exc:
            services.metrics.job_runs.labels(name, "error").inc()
            log.exception("job %s failed", name)
            seconds = time.perf_counter() - started
            services.ops.runs[name] = RunSeen(started_at, seconds, "error", f"{type(exc).__name__}: {exc}")
            await _remember(services, name, started_at, None, f"{type(exc).__name__}: {exc}")
            return
        finally:
            runs.current.reset(token)
        services.metrics.job_runs.labels(name, "ok").inc()
        shown = asdict(figures) if is_dataclass(figures) and not isinstance(figures, type) else figures
        seconds = time.perf_counter() - started
        # Idle runs (every figure zero or empty) and read-only jobs log at DEBUG and are not kept,
        # so the log and the history show what happened, not that nothing did.
        busy = name not in READ_ONLY_JOBS and isinstance(shown, dict) and any(shown.values())
        services.ops.runs[name] = RunSeen(started_at, seconds, "ok" if busy else "idle", shown)
        log.log(logging.INFO if busy else logging.DEBUG, "job %s ran in %.3fs: %s", name, seconds, shown)
        if busy:
            await _remember(services, name, started_at, shown, None)

    return run


async def _remember(
    services: Services, name: str, started_at: datetime, figures: Any, error: str | None
) -> None:
    try:
        await services.db.run(
            partial(runs.record, job=name, started_at=started_at, figures=figures, error=error)
        )
    except Exception:  # the history is for operators; never let it stop a job
        log.exception("could not record a run of %s", name)


def start_jobs(services: Services) -> Callable[[], Awaitable[None]]:
    """Schedule the jobs and the inventory wake-up loop; answers the coroutine that stops them."""
    settings = services.settings
    scheduler = AsyncIOScheduler(timezone="UTC")
    jobs: dict[str, tuple[Callable[[], Awaitable[Any]], float]] = {
        "inventory_flush": (lambda: flush(services), settings.connector_inventory_flush_seconds),
        "order_sync": (lambda: sync_orders(services), settings.connector_order_sync_seconds),
        "intent_retry": (lambda: retry_due(services), settings.connector_intent_retry_seconds),
        "sku_map_warm": (lambda: warm(services), settings.connector_sku_map_seconds),
        "order_reconcile": (lambda: reconcile(services), settings.connector_reconcile_seconds),
        "inventory_drift": (lambda: check(services), settings.connector_drift_seconds),
        "metrics_gauges": (lambda: refresh(services), GAUGE_SECONDS),
        "ops_snapshot": (lambda: persist_snapshot(services), SNAPSHOT_SECONDS),
    }
    if settings.connector_public_url:
        every = settings.connector_webhook_check_seconds
        jobs["webhook_subscriptions"] = (lambda: ensure_subscriptions(services), every)
    logged = {name: _logged(services, name, job) for name, (job, _) in jobs.items()}
    for name, (_, seconds) in jobs.items():
        scheduler.add_job(logged[name], "interval", seconds=seconds, id=name, max_instances=1, coalesce=True)
    # The SKU map is also warmed once at start rather than a whole interval later.
    scheduler.add_job(logged["sku_map_warm"], id="sku_map_warm_start")
    # The mirror is filled once at start too, so the first order_pull finds it current.
    scheduler.add_job(logged["order_sync"], id="order_sync_start")
    if "webhook_subscriptions" in logged:
        scheduler.add_job(logged["webhook_subscriptions"], id="webhook_subscriptions_start")
    flush_job, intent_job = logged["inventory_flush"], logged["intent_retry"]
    scheduler.start()

    async def wake_on(signal: Wakeup, job: Callable[[], Awaitable[None]]) -> None:
        # A push (or a queued write) wakes the worker, so it reaches the store within about a
        # second instead of a whole job interval later.
        while True:
            await signal.wait()
            await job()

    loop = asyncio.get_running_loop()
    wakers = [
        loop.create_task(wake_on(services.flusher, flush_job), name="inventory-wakeup"),
        loop.create_task(wake_on(services.intent_worker, intent_job), name="intent-wakeup"),
        loop.create_task(wake_on(services.intake, logged["order_sync"]), name="order-sync-wakeup"),
    ]

    stopped = False

    async def stop() -> None:
        nonlocal stopped
        if stopped:
            return
        stopped = True
        for waker in wakers:
            waker.cancel()
        scheduler.shutdown(wait=False)

    services.intake.stop_jobs = stop
    return stop
