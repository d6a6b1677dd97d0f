"""The durable inventory buffer: ingest pushes in bulk, claim pending SKUs, mark deliveries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Result, Table, and_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from connector.db.tables import InventoryBuffer, table_of
from connector.db.types import utcnow

_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class PendingQuantity:
    """A buffered quantity claimed for delivery, with the sequence it was claimed at."""

    sku: str
    location_id: str
    quantity: int
    seq: int
    # The lease this worker holds on the row; renewals compare against it so they never extend a
    # claim another worker took after ours lapsed.
    claimed_until: datetime | None = None


def buffer_quantities(session: Session, wanted: dict[tuple[str, str], int]) -> int:
    """Upsert the latest wanted quantity per (SKU, location), bumping `seq`; answers rows written."""
    if not wanted:
        return 0
    now = utcnow()
    table = table_of(InventoryBuffer)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    rows = [
        {
            "sku": sku,
            "location_id": loc,
            "quantity": qty,
            "seq": 1,
            "delivered_seq": 0,
            "pushed_at": now,
        }
        # Key order: concurrent pushes and flushes on PostgreSQL lock rows in one order, so never deadlock.
        for (sku, loc), qty in sorted(wanted.items())
    ]
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["sku", "location_id"],
        set_={
            "quantity": stmt.excluded.quantity,
            "seq": table.c.seq + 1,
            "pushed_at": stmt.excluded.pushed_at,
            "last_error": None,
        },
    )
    # executemany with one compiled statement: SQLAlchemy batches it into multi-row INSERTs.
    for start in range(0, len(rows), _CHUNK):
        session.execute(stmt, rows[start : start + _CHUNK])
    return len(rows)


def claim_pending(session: Session, limit: int, lease: timedelta) -> list[PendingQuantity]:
    """Lease up to `limit` undelivered rows (skipping rows another worker holds)."""
    now = utcnow()
    stmt = (
        select(
            col(InventoryBuffer.sku),
            col(InventoryBuffer.location_id),
            col(InventoryBuffer.quantity),
            col(InventoryBuffer.seq),
        )
        .where(
            col(InventoryBuffer.seq) > col(InventoryBuffer.delivered_seq),
            or_(col(InventoryBuffer.claimed_until).is_(None), col(InventoryBuffer.claimed_until) < now),
        )
        .order_by(col(InventoryBuffer.pushed_at))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    until = now + lease
    rows = [PendingQuantity(sku, loc, qty, seq, until) for sku, loc, qty, seq in session.execute(stmt).all()]
    if rows:
        _set_claim(session, rows, until)
    return rows


def _by_key(table: Table, *extra: ColumnElement[bool]) -> ColumnElement[bool]:
    """WHERE clause matching one buffer row by its bound key (for executemany updates)."""
    return and_(table.c.sku == bindparam("k_sku"), table.c.location_id == bindparam("k_loc"), *extra)


def _keys(rows: Iterable[PendingQuantity], **extra: object) -> list[dict[str, object]]:
    """Bound parameters per row, in key order (every writer locks rows in this one order)."""
    return [{"k_sku": r.sku, "k_loc": r.location_id, **extra} for r in in_key_order(rows)]


def _rowcount(result: Result[Any], fallback: int) -> int:
    count = getattr(result, "rowcount", -1)
    return int(count) if isinstance(count, int) and count >= 0 else fallback


def renew_claim(session: Session, rows: Sequence[PendingQuantity], held: datetime, until: datetime) -> int:
    """Move the lease on rows this worker still holds (claimed_until == `held`) to `until`; answers count."""
    table = table_of(InventoryBuffer)
    if not rows:
        return 0
    stmt = update(table).where(_by_key(table, table.c.claimed_until == held)).values(claimed_until=until)
    return _rowcount(session.execute(stmt, _keys(rows)), len(rows))


def in_key_order(rows: Iterable[PendingQuantity]) -> list[PendingQuantity]:
    """Rows sorted by (SKU, location): every writer of the buffer locks rows in this one order."""
    return sorted(rows, key=lambda r: (r.sku, r.location_id))


def _set_claim(session: Session, rows: Sequence[PendingQuantity], until: datetime | None) -> None:
    table = table_of(InventoryBuffer)
    session.execute(update(table).where(_by_key(table)).values(claimed_until=until), _keys(rows))


def mark_delivered(
    session: Session, rows: Iterable[PendingQuantity], sent: dict[tuple[str, str], int]
) -> int:
    """Record delivery of claimed rows whose seq did not move; `sent` by (SKU, location); answers count."""
    table = table_of(InventoryBuffer)
    claimed = in_key_order(rows)
    if not claimed:
        return 0
    now = utcnow()
    params = [
        {
            "k_sku": r.sku,
            "k_loc": r.location_id,
            "k_seq": r.seq,
            "k_qty": sent.get((r.sku, r.location_id), r.quantity),
        }
        for r in claimed
    ]
    delivered = update(table).where(_by_key(table, table.c.seq == bindparam("k_seq")))
    result = session.execute(
        delivered.values(
            delivered_seq=bindparam("k_seq"),
            delivered_quantity=bindparam("k_qty"),
            delivered_at=now,
            claimed_until=None,
            last_error=None,
        ),
        params,
    )
    settled = _rowcount(result, len(claimed))
    if settled < len(claimed):
        # Rows pushed again meanwhile stay pending; drop our lease so the next batch sends them.
        moved = update(table).where(_by_key(table, table.c.seq != bindparam("k_seq")))
        session.execute(moved.values(claimed_until=None), params)
    return settled


def release(
    session: Session,
    rows: Sequence[PendingQuantity] | Iterable[PendingQuantity],
    error: str | None = None,
) -> None:
    """Drop the lease on rows (after a failure, or rows whose seq moved) so they are claimed again."""
    table = table_of(InventoryBuffer)
    params = _keys(rows)
    if not params:
        return
    values: dict[str, object] = {"claimed_until": None}
    if error is not None:
        values["last_error"] = error
    session.execute(update(table).where(_by_key(table)).values(**values), params)


def park(session: Session, rows: Iterable[PendingQuantity], error: str, retry_after: timedelta) -> None:
    """Keep rows pending but out of reach until `retry_after` (e.g. SKU unknown in the store)."""
    table = table_of(InventoryBuffer)
    params = _keys(rows)
    if params:
        stmt = (
            update(table).where(_by_key(table)).values(claimed_until=utcnow() + retry_after, last_error=error)
        )
        session.execute(stmt, params)


def pending_count(session: Session) -> int:
    """How many (SKU, location) rows wait for delivery."""
    stmt = (
        select(func.count())
        .select_from(InventoryBuffer)
        .where(col(InventoryBuffer.seq) > col(InventoryBuffer.delivered_seq))
    )
    return int(session.execute(stmt).scalar_one())
