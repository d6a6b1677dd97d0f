"""Refresh the backlog gauges on /metrics: pending inventory rows, pending and failed write intents."""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select
from sqlmodel import Session, col

from connector.db.tables import IntentStatus, WriteIntent
from connector.db.types import utcnow
from connector.intake.readiness import REASONS, Gate
from connector.jobs.order_sync import mirror_synced_at
from connector.repo import attempts, inventory, mirror, runs
from connector.services import Services


def _counts(session: Session) -> tuple[int, dict[str, int]]:
    rows = session.execute(
        select(col(WriteIntent.status), func.count()).group_by(col(WriteIntent.status))
    ).all()
    return inventory.pending_count(session), {str(status): int(n) for status, n in rows}


async def refresh(services: Services) -> dict[str, int]:
    """Read the backlog counts and set the gauges; answers the figures for the job log."""
    pending_inventory, intents = await services.db.run(_counts)
    await services.db.run(runs.prune)
    await services.db.run(attempts.prune)
    services.metrics.inventory_pending.set(pending_inventory)
    services.metrics.intents_pending.set(intents.get(IntentStatus.PENDING, 0))
    services.metrics.intents_failed.set(intents.get(IntentStatus.FAILED, 0))
    waiting = await refresh_intake(services)
    return {
        "inventory_pending": pending_inventory,
        **intents,
        **{f"waiting_{k}": v for k, v in waiting.items()},
    }


async def refresh_intake(services: Services) -> dict[str, int]:
    """Set the mirror lag and the per-reason waiting-order gauges; answers the waiting counts."""
    now = utcnow()
    synced = await mirror_synced_at(services)
    if synced is not None:
        services.metrics.mirror_lag.set(max(0.0, (now - synced).total_seconds()))
    waiting = await services.db.run(
        partial(mirror.waiting, gate=Gate.from_settings(services.settings), now=now)
    )
    for reason in REASONS:
        services.metrics.orders_waiting.labels(reason).set(waiting.get(reason, 0))
    return waiting
