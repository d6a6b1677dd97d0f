"""Store orders order_pull could not map for RetailOps (shown in the console's exception queue)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

from connector.db.tables import OrderIssue
from connector.db.types import utcnow


def record(session: Session, refnum: str, order_name: str | None, message: str) -> None:
    """Create or refresh the issue of one order."""
    row = session.get(OrderIssue, refnum)
    now = utcnow()
    if row is None:
        row = OrderIssue(refnum=refnum, order_name=order_name, message=message, first_seen_at=now)
    row.message = message[:2000]
    row.order_name = order_name or row.order_name
    row.last_seen_at = now
    session.add(row)


def clear(session: Session, refnum: str) -> None:
    """Forget an order's issue (it maps now)."""
    session.execute(delete(OrderIssue).where(col(OrderIssue.refnum) == refnum))
