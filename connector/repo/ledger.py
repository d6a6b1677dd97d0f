"""The order ledger: which store orders RetailOps has been offered and has acknowledged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from connector.db.tables import OrderLedger, table_of
from connector.db.types import utcnow
from connector.repo.mirror import Offered
from storefront_clients.base import StoreOrder


def by_refnums(session: Session, refnums: Sequence[str]) -> dict[str, OrderLedger]:
    """Ledger rows for the given channel refnums."""
    if not refnums:
        return {}
    rows = session.execute(select(OrderLedger).where(col(OrderLedger.refnum).in_(list(refnums)))).scalars()
    return {r.refnum: r for r in rows}


def acknowledged_refnums(session: Session, refnums: Sequence[str]) -> set[str]:
    """Which of these refnums RetailOps has already acknowledged."""
    return {r.refnum for r in by_refnums(session, refnums).values() if r.acknowledged_at is not None}


def record_pulled(session: Session, orders: Iterable[tuple[str, StoreOrder]]) -> None:
    """Create or touch a ledger row for each (refnum, order) offered in an order_pull answer."""
    pairs = list(orders)
    _record(session, pairs, by_refnums(session, [refnum for refnum, _ in pairs]))


def record_offered(session: Session, rows: Iterable[Offered]) -> None:
    """Create or touch a ledger row for each mirrored order offered; a cancellation re-offer is remembered."""
    offered = list(rows)
    if not offered:
        return
    touched = [r.refnum for r in offered]
    known = set(
        session.execute(select(col(OrderLedger.refnum)).where(col(OrderLedger.refnum).in_(touched))).scalars()
    )
    insert_missing(
        session,
        [
            {
                "refnum": r.refnum,
                "store_order_id": r.store_order_id,
                "order_name": r.order_name,
                "store_created_at": r.store_created_at,
            }
            for r in offered
            if r.refnum not in known
        ],
    )
    now = utcnow()
    # One statement touches every row offered (a page is up to 100); only cancellations load rows.
    session.execute(
        update(OrderLedger).where(col(OrderLedger.refnum).in_(touched)).values(last_pulled_at=now)
    )
    cancelled = {r.refnum: r for r in offered if r.cancelled_at is not None}
    for refnum, row in by_refnums(session, list(cancelled)).items():
        if row.acknowledged_at is not None:
            row.cancelled_in_store_at = row.cancelled_in_store_at or cancelled[refnum].cancelled_at
            row.cancel_offered_at = now
            session.add(row)


def insert_missing(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert ledger rows that do not exist yet (a concurrent replica's insert wins quietly)."""
    if rows:
        table = table_of(OrderLedger)
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        stmt = insert(table).on_conflict_do_nothing()
        now = utcnow()
        session.execute(stmt, [{"first_pulled_at": now, "last_pulled_at": now, **r} for r in rows])


def create_missing(session: Session, rows: list[dict[str, Any]]) -> dict[str, OrderLedger]:
    """Insert ledger rows that do not exist yet (a concurrent replica's insert wins quietly); answers all."""
    insert_missing(session, rows)
    return by_refnums(session, [r["refnum"] for r in rows])


def _record(session: Session, pairs: list[tuple[str, StoreOrder]], existing: dict[str, OrderLedger]) -> None:
    now = utcnow()
    new = [
        {"refnum": r, "store_order_id": o.id, "order_name": o.name, "store_created_at": o.created_at}
        for r, o in pairs
        if r not in existing
    ]
    existing = {**existing, **create_missing(session, new)}
    for refnum, order in pairs:
        row = existing[refnum]
        row.last_pulled_at = now
        # A row an acknowledgement created from the store's confirmation alone has no name yet.
        row.order_name = row.order_name or order.name
        row.store_created_at = row.store_created_at or order.created_at
        if order.cancelled_at is not None and row.acknowledged_at is not None:
            row.cancelled_in_store_at = row.cancelled_in_store_at or order.cancelled_at
            row.cancel_offered_at = now
        session.add(row)


def acknowledge(
    session: Session,
    refnum: str,
    store_order_id: str,
    retailops_order_id: int | None,
    row: OrderLedger | None = None,
) -> OrderLedger:
    """Record RetailOps' acknowledgement of an order (idempotent: a repeat writes nothing)."""
    row = row or by_refnums(session, [refnum]).get(refnum)
    if row is None:
        row = create_missing(session, [{"refnum": refnum, "store_order_id": store_order_id}])[refnum]
    changed = False
    if row.acknowledged_at is None:
        row.acknowledged_at = utcnow()
        changed = True
    if retailops_order_id is not None and row.retailops_order_id != retailops_order_id:
        row.retailops_order_id = retailops_order_id
        changed = True
    if changed:
        session.add(row)
    return row


_LEDGER = table_of(OrderLedger)
# Built once: order_acknowledge runs these per request, and building a statement costs more than
# running it (RetailOps repeats acknowledgements at a high rate).
_STORE_IDS = select(_LEDGER.c.refnum, _LEDGER.c.store_order_id).where(
    _LEDGER.c.refnum.in_(bindparam("refs", expanding=True))
)
_AT = bindparam("now", type_=_LEDGER.c.acknowledged_at.type)
_RID = bindparam("rid", type_=_LEDGER.c.retailops_order_id.type)
# A repeat that changes nothing writes nothing: on SQLite every write is a serialised, synced commit.
_ACK_WITH_ID = (
    update(_LEDGER)
    .where(
        _LEDGER.c.refnum == bindparam("ref"),
        or_(_LEDGER.c.acknowledged_at.is_(None), _LEDGER.c.retailops_order_id.is_distinct_from(_RID)),
    )
    .values(acknowledged_at=func.coalesce(_LEDGER.c.acknowledged_at, _AT), retailops_order_id=_RID)
)
_ACK_WITHOUT_ID = (
    update(_LEDGER)
    .where(_LEDGER.c.refnum == bindparam("ref"), _LEDGER.c.acknowledged_at.is_(None))
    .values(acknowledged_at=_AT)
)


def store_ids(session: Session, refnums: Sequence[str]) -> dict[str, str]:
    """refnum → store order id for the refnums the ledger knows (one light query)."""
    if not refnums:
        return {}
    return {refnum: store_id for refnum, store_id in session.execute(_STORE_IDS, {"refs": list(refnums)})}


def acknowledge_many(session: Session, acks: Sequence[tuple[str, int | None]]) -> None:
    """Acknowledge many known refnums in at most two statements (a repeat keeps the first ack)."""
    now = utcnow()
    with_id = [{"ref": refnum, "rid": rid, "now": now} for refnum, rid in acks if rid is not None]
    without_id = [{"ref": refnum, "now": now} for refnum, rid in acks if rid is None]
    if with_id:
        session.connection().execute(_ACK_WITH_ID, with_id)
    if without_id:
        session.connection().execute(_ACK_WITHOUT_ID, without_id)


def mark_tagged(session: Session, refnum: str) -> None:
    """Remember the store tag was applied, so reconciliation stops retrying it."""
    row = by_refnums(session, [refnum]).get(refnum)
    if row is not None:
        row.tag_applied_at = utcnow()
        session.add(row)


def untagged(session: Session, limit: int) -> list[OrderLedger]:
    """Acknowledged orders whose store tag is not yet known to be applied."""
    stmt = (
        select(OrderLedger)
        .where(col(OrderLedger.acknowledged_at).is_not(None), col(OrderLedger.tag_applied_at).is_(None))
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())
