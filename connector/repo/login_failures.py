"""Failed console logins in the database, so every replica counts the same failures (pages.login)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from connector.db.tables import LoginFailure
from connector.db.types import utcnow

CLIENT_CHARS = 64


def _window(session: Session, since: datetime, client: str | None) -> tuple[int, datetime | None]:
    """How many failures since `since` (of one client, or of all) and the oldest one's time."""
    stmt = select(func.count(), func.min(col(LoginFailure.at))).where(col(LoginFailure.at) > since)
    if client is not None:
        stmt = stmt.where(col(LoginFailure.client) == client[:CLIENT_CHARS])
    count, oldest = session.execute(stmt).one()
    return int(count), oldest


def wait_seconds(session: Session, client: str, window: timedelta, per_client: int, total: int) -> float:
    """0 when a reserved attempt is within the limits, else how long until the oldest counted leaves.

    The attempt's own reservation is counted, so of concurrent attempts at most the limit pass:
    each counts after its reservation was committed, and the k-th committed sees at least k rows.
    """
    now = utcnow()
    since = now - window
    waits = [0.0]
    for who, limit in ((client, per_client), (None, total)):
        count, oldest = _window(session, since, who)
        if count > limit and oldest is not None:
            waits.append((oldest + window - now).total_seconds())
    return max(waits)


def reserve(session: Session, client: str, window: timedelta) -> int:
    """Count an attempt as failed until it succeeds (rows past the window go); answers its row id."""
    now = utcnow()
    session.execute(delete(LoginFailure).where(col(LoginFailure.at) <= now - window))
    row = LoginFailure(client=client[:CLIENT_CHARS], at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def drop(session: Session, row_id: int) -> None:
    """Forget one reservation (an attempt refused by the limit is not itself a failure)."""
    session.execute(delete(LoginFailure).where(col(LoginFailure.id) == row_id))


def failures(session: Session, client: str, window: timedelta) -> int:
    """The client's failures in the window (for the log line)."""
    return _window(session, utcnow() - window, client)[0]


def clear(session: Session, client: str) -> None:
    """Forget a client's failures (and its reservation) after a successful login."""
    session.execute(delete(LoginFailure).where(col(LoginFailure.client) == client[:CLIENT_CHARS]))
