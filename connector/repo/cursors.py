"""Named sync cursors (e.g. how far order_pull has scanned for store-side cancellations)."""

from __future__ import annotations

from sqlmodel import Session

from connector.db.tables import SyncCursor
from connector.db.types import utcnow


def get(session: Session, name: str) -> str | None:
    """The cursor's value, or None if never set."""
    row = session.get(SyncCursor, name)
    return row.value if row else None


def put(session: Session, name: str, value: str) -> None:
    """Create or move a cursor."""
    row = session.get(SyncCursor, name) or SyncCursor(name=name, value=value)
    row.value = value
    row.updated_at = utcnow()
    session.add(row)


def drop(session: Session, name: str) -> None:
    """Forget a cursor (a finished bulk operation's record)."""
    row = session.get(SyncCursor, name)
    if row is not None:
        session.delete(row)
