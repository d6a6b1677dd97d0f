"""The order mirror: readiness facts and mapped orders per store order, and the offerable page query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, false, or_, select
from sqlmodel import Session, col

from connector.db.tables import OrderLedger, OrderMirror
from connector.db.types import utcnow
from connector.intake.readiness import RISK_RANK, Gate, waiting_reason
from connector.mapping.refs import order_refnum
from storefront_clients.base import OrderFacts


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A mapped order (or why it cannot be mapped) to store beside an order's facts."""

    store_order_id: str
    payload: str | None
    problem: str | None
    updated_at: datetime


def by_store_ids(session: Session, store_ids: Sequence[str]) -> dict[str, OrderMirror]:
    """Mirror rows of the given store order ids."""
    if not store_ids:
        return {}
    stmt = select(OrderMirror).where(col(OrderMirror.store_order_id).in_(list(store_ids)))
    return {r.store_order_id: r for r in session.execute(stmt).scalars()}


def upsert_facts(session: Session, facts: Sequence[OrderFacts], tag: str) -> dict[str, OrderMirror]:
    """Create or update the mirror rows of these orders from fresh facts."""
    existing = by_store_ids(session, [f.id for f in facts])
    now = utcnow()
    for f in facts:
        row = existing.get(f.id)
        if row is None:
            row = OrderMirror(
                refnum=order_refnum(f.id, f.legacy_id),
                store_order_id=f.id,
                store_created_at=f.created_at,
                store_updated_at=f.updated_at,
            )
            existing[f.id] = row
        elif f.updated_at < row.store_updated_at:
            continue  # an older read (an overlapping page) never overwrites a newer one
        row.order_name = f.name[:64] or None
        row.store_created_at = f.created_at
        row.store_updated_at = f.updated_at
        row.financial_status = (f.financial_status or "")[:32] or None
        row.cancelled_at = f.cancelled_at
        row.closed = f.closed
        row.tagged = tag in f.tags
        row.hold_reason = ",".join(f.holds)[:255] or None
        row.scheduled = f.scheduled
        row.scheduled_until = f.scheduled_until
        row.risk_rank = RISK_RANK.get(f.risk_level, RISK_RANK["PENDING"])
        row.synced_at = now
        session.add(row)
    session.flush()
    return existing


def set_snapshots(session: Session, snapshots: Sequence[Snapshot]) -> None:
    """Store mapped orders beside their facts (rows must exist)."""
    rows = by_store_ids(session, [s.store_order_id for s in snapshots])
    for snap in snapshots:
        row = rows.get(snap.store_order_id)
        if row is None:
            continue
        row.payload, row.problem, row.payload_updated_at = snap.payload, snap.problem, snap.updated_at
        session.add(row)


def _unacknowledged() -> object:
    return or_(col(OrderLedger.refnum).is_(None), col(OrderLedger.acknowledged_at).is_(None))


def _open_unacknowledged() -> Select[OrderMirror]:
    """Mirrored orders still open and untagged that RetailOps has not acknowledged."""
    return (
        select(OrderMirror)
        .outerjoin(OrderLedger, col(OrderLedger.refnum) == col(OrderMirror.refnum))
        .where(
            _unacknowledged(),  # type: ignore[arg-type]
            col(OrderMirror.cancelled_at).is_(None),
            col(OrderMirror.closed) == false(),
            col(OrderMirror.tagged) == false(),
        )
    )


def offerable_page(
    session: Session, gate: Gate, now: datetime, after: tuple[datetime, str] | None, limit: int
) -> list[OrderMirror]:
    """Ready, unacknowledged orders oldest first after a keyset position (unmappable ones included)."""
    stmt = (
        _open_unacknowledged()
        .where(
            col(OrderMirror.financial_status).in_(list(gate.financial_statuses)),
            col(OrderMirror.hold_reason).is_(None),
            or_(
                col(OrderMirror.scheduled) == false(),
                and_(col(OrderMirror.scheduled_until).is_not(None), col(OrderMirror.scheduled_until) <= now),
            ),
            col(OrderMirror.risk_rank) < gate.risk_hold_rank,
            col(OrderMirror.store_created_at) <= now - gate.delay,
            or_(col(OrderMirror.payload).is_not(None), col(OrderMirror.problem).is_not(None)),
        )
        .order_by(col(OrderMirror.store_created_at), col(OrderMirror.refnum))
        .limit(limit)
    )
    if after is not None:
        created, refnum = after
        stmt = stmt.where(
            or_(
                col(OrderMirror.store_created_at) > created,
                and_(col(OrderMirror.store_created_at) == created, col(OrderMirror.refnum) > refnum),
            )
        )
    return list(session.execute(stmt).scalars())


def cancel_reoffers(session: Session, limit: int) -> list[OrderMirror]:
    """Acknowledged orders the store has cancelled since, not yet re-offered with cancel: true."""
    stmt = (
        select(OrderMirror)
        .join(OrderLedger, col(OrderLedger.refnum) == col(OrderMirror.refnum))
        .where(
            col(OrderLedger.acknowledged_at).is_not(None),
            col(OrderLedger.cancel_offered_at).is_(None),
            col(OrderMirror.cancelled_at).is_not(None),
            col(OrderMirror.payload).is_not(None),
        )
        .order_by(col(OrderMirror.cancelled_at))
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


def acknowledged_or_offered(session: Session, refnums: Sequence[str]) -> dict[str, tuple[bool, bool]]:
    """refnum → (acknowledged, cancellation already re-offered) for ledger rows among `refnums`."""
    if not refnums:
        return {}
    stmt = select(OrderLedger).where(col(OrderLedger.refnum).in_(list(refnums)))
    return {
        r.refnum: (r.acknowledged_at is not None, r.cancel_offered_at is not None)
        for r in session.execute(stmt).scalars()
    }


def waiting(session: Session, gate: Gate, now: datetime) -> dict[str, int]:
    """Open, unacknowledged mirrored orders that are not offered, counted per reason."""
    stmt = _open_unacknowledged()
    counts: dict[str, int] = {}
    for row in session.execute(stmt).scalars():
        reason = waiting_reason(row, gate, now)
        if reason is not None and not (reason == "unmappable" and row.problem is not None):
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def recheck_ids(session: Session, limit: int, risk_rank: int) -> list[str]:
    """Store ids of held or risky unacknowledged orders to re-read by id, least recently synced first.

    Holds, releases and risk assessments need not move an order's updatedAt, so waiting orders
    are re-read by id instead of relying on the updated_at cursor.
    """
    held = (
        select(col(OrderMirror.store_order_id))
        .outerjoin(OrderLedger, col(OrderLedger.refnum) == col(OrderMirror.refnum))
        .where(
            _unacknowledged(),  # type: ignore[arg-type]
            col(OrderMirror.cancelled_at).is_(None),
            col(OrderMirror.closed) == false(),
            or_(col(OrderMirror.hold_reason).is_not(None), col(OrderMirror.risk_rank) >= risk_rank),
        )
        .order_by(col(OrderMirror.synced_at))
        .limit(limit)
    )
    return list(session.execute(held).scalars())
