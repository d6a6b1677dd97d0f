"""The order mirror: readiness facts and mapped orders per store order, and the offerable page query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, select, true, tuple_
from sqlalchemy.sql import Executable
from sqlmodel import Session, col

from connector.db.tables import OrderLedger, OrderMirror
from connector.db.types import UTCDateTime, utcnow
from connector.intake.readiness import RISK_RANK, Gate
from connector.mapping.refs import order_refnum
from storefront_clients.base import OrderFacts


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A mapped order (or why it cannot be mapped) to store beside an order's facts."""

    store_order_id: str
    payload: str | None
    problem: str | None
    updated_at: datetime
    # (sku, unfulfilled units) of lines that ship: what the order still holds of the store's stock.
    unshipped: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Offered:
    """The columns of a mirror row an order_pull page answers and records (no readiness facts)."""

    refnum: str
    store_order_id: str
    order_name: str | None
    store_created_at: datetime
    cancelled_at: datetime | None
    payload: str | None
    problem: str | None


# Selected as plain rows: hydrating whole ORM rows was most of a page's database time.
_OFFERED = (
    col(OrderMirror.refnum),
    col(OrderMirror.store_order_id),
    col(OrderMirror.order_name),
    col(OrderMirror.store_created_at),
    col(OrderMirror.cancelled_at),
    col(OrderMirror.payload),
    col(OrderMirror.problem),
)


def _offered(session: Session, stmt: Executable) -> list[Offered]:
    return [Offered(*row) for row in session.execute(stmt)]


def by_refnums(session: Session, refnums: Sequence[str]) -> dict[str, OrderMirror]:
    """Mirror rows of the given channel refnums."""
    if not refnums:
        return {}
    stmt = select(OrderMirror).where(col(OrderMirror.refnum).in_(list(refnums)))
    return {r.refnum: r for r in session.execute(stmt).scalars()}


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
        units = json.dumps(dict(snap.unshipped), separators=(",", ":"))
        row.unshipped = None if snap.payload is None else units
        session.add(row)


def unshipped_units(unshipped: str | None, payload: str) -> dict[str, int]:
    """SKU → unfulfilled units of one stored order (a row stored before 0005: its lines that ship)."""
    if unshipped is not None:
        return {str(k): int(v) for k, v in json.loads(unshipped).items()}
    out: dict[str, int] = {}
    for item in json.loads(payload).get("order_items") or []:
        if item.get("item_type") == "ship" and item.get("sku"):
            out[item["sku"]] = out.get(item["sku"], 0) + int(item.get("quantity") or 0)
    return out


def committed_units(session: Session, financial_statuses: Sequence[str]) -> dict[str, int]:
    """SKU → unfulfilled units of open, untagged, payable orders RetailOps has not acknowledged."""
    status = func.upper(func.coalesce(col(OrderMirror.financial_status), ""))
    # The payload is only read for rows stored before the unshipped column existed.
    payload = case((col(OrderMirror.unshipped).is_(None), col(OrderMirror.payload)), else_=None)
    stmt = _open_unacknowledged(col(OrderMirror.unshipped), payload).where(
        status.in_([s.upper() for s in financial_statuses]), col(OrderMirror.payload).is_not(None)
    )
    units: dict[str, int] = {}
    for unshipped, stored in session.execute(stmt).all():
        for sku, qty in unshipped_units(unshipped, stored or "{}").items():
            units[sku] = units.get(sku, 0) + qty
    return units


def _unacknowledged() -> object:
    return or_(col(OrderLedger.refnum).is_(None), col(OrderLedger.acknowledged_at).is_(None))


def _open_unacknowledged(*columns: Any) -> Select[Any]:
    """`columns` of mirrored orders still open and untagged that RetailOps has not acknowledged."""
    return (
        select(*columns)
        .select_from(OrderMirror)
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
) -> list[Offered]:
    """Ready, unacknowledged orders oldest first after a keyset position (unmappable ones included)."""
    stmt = (
        _open_unacknowledged(*_OFFERED)
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
        # A row-value comparison is one range of the (store_created_at, refnum) index on SQLite and
        # PostgreSQL; the equivalent OR made SQLite scan and sort every later row on each page.
        created, refnum = after
        position = tuple_(literal(created, UTCDateTime()), literal(refnum))
        stmt = stmt.where(tuple_(col(OrderMirror.store_created_at), col(OrderMirror.refnum)) > position)
    return _offered(session, stmt)


def cancel_reoffers(session: Session, limit: int) -> list[Offered]:
    """Acknowledged orders the store has cancelled since, not yet re-offered with cancel: true."""
    stmt = (
        select(*_OFFERED)
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
    return _offered(session, stmt)


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
    """Open, unacknowledged mirrored orders that are not offered, counted per reason (one aggregate query).

    The CASE mirrors `readiness.waiting_reason` rule for rule; only gate columns are read (never the
    payload), so the /metrics refresh stays cheap with thousands of waiting orders.
    """
    # Grouped outside a subquery: PostgreSQL would not match a CASE with bound parameters in GROUP BY.
    rows = _open_unacknowledged(waiting_reason_sql(gate, now).label("reason")).subquery()
    stmt = select(rows.c.reason, func.count()).group_by(rows.c.reason)
    return {str(r): int(n) for r, n in session.execute(stmt) if r is not None}


def waiting_reason_sql(gate: Gate, now: datetime) -> ColumnElement[str | None]:
    """`readiness.waiting_reason` as a SQL expression; an order mapped as unmappable (problem set) is NULL."""
    status = func.upper(func.coalesce(col(OrderMirror.financial_status), ""))
    return case(
        (status.not_in(list(gate.financial_statuses)), "financial_status"),
        (col(OrderMirror.hold_reason).is_not(None), "hold"),
        (
            and_(
                col(OrderMirror.scheduled) == true(),
                or_(col(OrderMirror.scheduled_until).is_(None), col(OrderMirror.scheduled_until) > now),
            ),
            "scheduled",
        ),
        (col(OrderMirror.risk_rank) >= gate.risk_hold_rank, "risk"),
        (col(OrderMirror.store_created_at) > now - gate.delay, "delay"),
        (and_(col(OrderMirror.payload).is_(None), col(OrderMirror.problem).is_(None)), "unmappable"),
        else_=None,
    )


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
