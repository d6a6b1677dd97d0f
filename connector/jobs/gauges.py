"""Refresh the backlog gauges on /metrics: pending inventory rows, pending and failed write intents."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from connector.db.tables import IntentStatus, WriteIntent
from connector.repo import inventory, runs
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
    services.metrics.inventory_pending.set(pending_inventory)
    services.metrics.intents_pending.set(intents.get(IntentStatus.PENDING, 0))
    services.metrics.intents_failed.set(intents.get(IntentStatus.FAILED, 0))
    return {"inventory_pending": pending_inventory, **intents}
