"""The console's audit table: who did what to which item, when, with which note and outcome."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from connector.db.tables import ConsoleAudit


def add(
    session: Session,
    *,
    actor: str,
    action: str,
    target_kind: str,
    target: str,
    note: str | None = None,
    outcome: str | None = None,
) -> ConsoleAudit:
    """Record one operator action."""
    row = ConsoleAudit(
        actor=actor[:64],
        action=action,
        target_kind=target_kind,
        target=target[:255],
        note=(note or None) and note[:2000],
        outcome=(outcome or None) and outcome[:2000],
    )
    session.add(row)
    return row


def for_target(session: Session, target_kind: str, target: str, limit: int = 50) -> list[ConsoleAudit]:
    """Actions on one item, newest first."""
    stmt = (
        select(ConsoleAudit)
        .where(col(ConsoleAudit.target_kind) == target_kind, col(ConsoleAudit.target) == target)
        .order_by(col(ConsoleAudit.at).desc(), col(ConsoleAudit.id).desc())
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def for_targets(session: Session, target_kind: str, targets: Sequence[str]) -> list[ConsoleAudit]:
    """Actions on several items of one kind, newest first."""
    if not targets:
        return []
    stmt = (
        select(ConsoleAudit)
        .where(col(ConsoleAudit.target_kind) == target_kind, col(ConsoleAudit.target).in_(list(targets)))
        .order_by(col(ConsoleAudit.at).desc(), col(ConsoleAudit.id).desc())
        .limit(200)
    )
    return list(session.execute(stmt).scalars())


def recent(session: Session, offset: int, limit: int) -> list[ConsoleAudit]:
    """The newest actions (paged)."""
    stmt = (
        select(ConsoleAudit)
        .order_by(col(ConsoleAudit.at).desc(), col(ConsoleAudit.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())
