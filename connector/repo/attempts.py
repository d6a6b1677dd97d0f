"""Write-intent attempts: each try of an intent at the store and its answer, for the order page."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, select
from sqlmodel import Session, col

from connector.db.tables import IntentAttempt, WriteIntent
from connector.db.types import utcnow
from connector.repo import runs

# History bounds: a month, and an intent retried for days keeps only its newest tries.
KEEP = timedelta(days=30)
PER_INTENT = 20


class Tried(NamedTuple):
    """One attempt's result for `record_attempt` (outcome: applied, refused, transient, ambiguous)."""

    outcome: str
    message: str | None
    user_errors: list[dict[str, Any]] | None
    duration_ms: int


def record(session: Session, intent: WriteIntent, tried: Tried, run: runs.RunRef | None) -> None:
    """Keep one attempt of an intent (its oldest beyond the bound go); a job's run touched the order."""
    key = intent.idempotency_key
    session.add(
        IntentAttempt(
            idempotency_key=key,
            refnum=intent.refnum,
            kind=intent.kind,
            outcome=tried.outcome,
            message=tried.message,
            user_errors=json.dumps(tried.user_errors) if tried.user_errors else None,
            duration_ms=tried.duration_ms,
            job=run.job if run else None,
        )
    )
    session.flush()
    oldest_kept = (
        select(col(IntentAttempt.id))
        .where(col(IntentAttempt.idempotency_key) == key)
        .order_by(col(IntentAttempt.id).desc())
        .offset(PER_INTENT - 1)
        .limit(1)
    )
    cutoff = session.execute(oldest_kept).scalar_one_or_none()
    if cutoff is not None:
        session.execute(
            delete(IntentAttempt).where(
                col(IntentAttempt.idempotency_key) == key, col(IntentAttempt.id) < cutoff
            )
        )
    if intent.refnum:
        runs.touch(session, run, [(intent.refnum, f"{intent.kind} attempt: {tried.outcome}")])


def of_intents(session: Session, keys: list[str]) -> dict[str, list[IntentAttempt]]:
    """The kept attempts of these intents, oldest first (at most PER_INTENT each)."""
    if not keys:
        return {}
    stmt = (
        select(IntentAttempt)
        .where(col(IntentAttempt.idempotency_key).in_(keys))
        .order_by(col(IntentAttempt.id))
        .limit(len(keys) * PER_INTENT)
    )
    found: dict[str, list[IntentAttempt]] = {key: [] for key in keys}
    for row in session.execute(stmt).scalars():
        found[row.idempotency_key].append(row)
    return found


def prune(session: Session, keep: timedelta = KEEP) -> int:
    """Delete attempts older than `keep`; answers how many went (the gauges job calls this)."""
    result = session.execute(delete(IntentAttempt).where(col(IntentAttempt.at) < utcnow() - keep))
    return int(getattr(result, "rowcount", 0) or 0)
