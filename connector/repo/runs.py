"""Job run history (`sync_run`) and the orders each run touched (`order_run`), kept a week for operators."""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from connector.db.tables import OrderLedger, OrderMirror, OrderRun, SyncRun, table_of
from connector.db.types import utcnow
from connector.repo.mirror import Snapshot

KEEP = timedelta(days=7)
OUTCOME_CHARS = 120


class RunRef(NamedTuple):
    """One run of a scheduled job: its name and start (with them, its sync_run row)."""

    job: str
    started_at: datetime


# The scheduler's run the current task belongs to (None: a RetailOps request or the console).
current: ContextVar[RunRef | None] = ContextVar("connector_current_run", default=None)


def record(session: Session, job: str, started_at: datetime, figures: Any, error: str | None) -> None:
    """Store one run of a job with its figures (JSON) or its error."""
    session.add(
        SyncRun(
            job=job,
            started_at=started_at,
            finished_at=utcnow(),
            figures=json.dumps(figures, default=str) if figures is not None else None,
            error=error,
        )
    )


def touch(session: Session, run: RunRef | None, touched: Sequence[tuple[str, str]]) -> None:
    """Note that `run` touched these orders, (refnum, what it did) each; nothing outside a run."""
    if run is None or not touched:
        return
    now = utcnow()
    rows = [
        {
            "refnum": refnum,
            "job": run.job,
            "started_at": run.started_at,
            "at": now,
            "outcome": what[:OUTCOME_CHARS],
        }
        for refnum, what in dict.fromkeys(touched)
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(table_of(OrderRun)).on_conflict_do_nothing(), rows)


def snapshots_touched(session: Session, run: RunRef | None, snapshots: Sequence[Snapshot]) -> None:
    """order_sync stored these snapshots: a new one to offer, or a cancellation to offer again."""
    if run is None or not snapshots:
        return
    ids = [s.store_order_id for s in snapshots]
    stmt = (
        select(col(OrderMirror.store_order_id), col(OrderMirror.refnum), col(OrderLedger.acknowledged_at))
        .outerjoin(OrderLedger, col(OrderLedger.refnum) == col(OrderMirror.refnum))
        .where(col(OrderMirror.store_order_id).in_(ids))
    )
    found = {store_id: (refnum, acked is not None) for store_id, refnum, acked in session.execute(stmt).all()}
    touched = []
    for snap in snapshots:
        if snap.store_order_id not in found:
            continue
        refnum, acknowledged = found[snap.store_order_id]
        if acknowledged:
            # order_sync only re-maps an acknowledged order when the store cancelled it.
            what = "cancellation snapshot stored: order_pull offers it again with cancel"
        elif snap.problem:
            what = f"snapshot stored, cannot be offered: {snap.problem}"
        else:
            what = "snapshot stored, ready for order_pull"
        touched.append((refnum, what))
    touch(session, run, touched)


class OrderRunRow(NamedTuple):
    """One run that touched an order, with the run's own outcome when sync_run kept it."""

    touch: OrderRun
    run_error: str | None
    run_kept: bool


def for_order(session: Session, refnum: str, offset: int, limit: int) -> list[OrderRunRow]:
    """The runs that touched one order, newest first (paged), joined to their sync_run rows."""
    stmt = (
        select(OrderRun, SyncRun.error, SyncRun.id)  # type: ignore[call-overload]
        .outerjoin(
            SyncRun,
            and_(col(SyncRun.job) == col(OrderRun.job), col(SyncRun.started_at) == col(OrderRun.started_at)),
        )
        .where(col(OrderRun.refnum) == refnum)
        .order_by(col(OrderRun.started_at).desc(), col(OrderRun.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return [OrderRunRow(row, error, run_id is not None) for row, error, run_id in session.execute(stmt).all()]


def prune(session: Session, keep: timedelta = KEEP) -> int:
    """Delete runs (and their order touches) older than `keep`; answers how many runs went."""
    cutoff = utcnow() - keep
    session.execute(delete(OrderRun).where(col(OrderRun.started_at) < cutoff))
    result = session.execute(delete(SyncRun).where(col(SyncRun.started_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
