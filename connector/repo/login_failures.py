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
    """0 when the client may try now, else how long until the oldest failure counted leaves the window."""
    now = utcnow()
    since = now - window
    waits = [0.0]
    for who, limit in ((client, per_client), (None, total)):
        count, oldest = _window(session, since, who)
        if count >= limit and oldest is not None:
            waits.append((oldest + window - now).total_seconds())
    return max(waits)


def add(session: Session, client: str, window: timedelta) -> int:
    """Count one failure (rows past the window go); answers the client's failures in the window."""
    now = utcnow()
    session.execute(delete(LoginFailure).where(col(LoginFailure.at) <= now - window))
    session.add(LoginFailure(client=client[:CLIENT_CHARS], at=now))
    session.flush()
    return _window(session, now - window, client)[0]


def clear(session: Session, client: str) -> None:
    """Forget a client's failures after a successful login."""
    session.execute(delete(LoginFailure).where(col(LoginFailure.client) == client[:CLIENT_CHARS]))
