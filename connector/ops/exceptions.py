"""The exception queue: what is stuck, by kind, paged; resolved items stay hidden until they change.

Kinds: `intent` (failed or long-queued store writes, with Shopify's message), `inventory` (parked
buffer rows), `sku` (SKUs RetailOps pushes that the store lacks), `order` (orders order_pull could
not map). An item counts as resolved while its newest `resolve` audit entry is newer than the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlmodel import Session, col

from connector.db.tables import ConsoleAudit, IntentStatus, InventoryBuffer, OrderIssue, SkuMap, WriteIntent
from connector.db.types import utcnow

KINDS = ("intent", "inventory", "sku", "order")
PAGE_SIZE = 25
LONG_QUEUED = timedelta(minutes=10)
# Separates SKU and location in an inventory item's key (neither contains it).
KEY_SEP = "|"


@dataclass(frozen=True, slots=True)
class Item:
    """One row of the exception queue."""

    kind: str
    target: str
    title: str
    status: str
    message: str
    since: datetime | None
    attempts: int | None = None
    group: str | None = None


def _not_resolved(kind: str, target: Any, changed_at: Any) -> ColumnElement[bool]:
    return ~exists().where(
        col(ConsoleAudit.target_kind) == kind,
        col(ConsoleAudit.target) == target,
        col(ConsoleAudit.action) == "resolve",
        col(ConsoleAudit.at) >= changed_at,
    )


def _intent_filter(now: datetime) -> ColumnElement[bool]:
    stuck = or_(
        col(WriteIntent.status) == IntentStatus.FAILED,
        and_(
            col(WriteIntent.status) == IntentStatus.PENDING,
            or_(col(WriteIntent.last_error).is_not(None), col(WriteIntent.created_at) < now - LONG_QUEUED),
        ),
    )
    return and_(stuck, _not_resolved("intent", WriteIntent.idempotency_key, WriteIntent.updated_at))


def _missing_skus() -> Any:
    return select(col(SkuMap.sku)).where(col(SkuMap.inventory_item_id).is_(None))


def _inventory_filter() -> ColumnElement[bool]:
    key = InventoryBuffer.sku + KEY_SEP + InventoryBuffer.location_id
    return and_(
        col(InventoryBuffer.seq) > col(InventoryBuffer.delivered_seq),
        col(InventoryBuffer.last_error).is_not(None),
        col(InventoryBuffer.sku).not_in(_missing_skus()),
        _not_resolved("inventory", key, InventoryBuffer.pushed_at),
    )


def _sku_filter() -> ColumnElement[bool]:
    pushed = select(col(InventoryBuffer.sku))
    return and_(
        col(SkuMap.inventory_item_id).is_(None),
        col(SkuMap.sku).in_(pushed),
        _not_resolved("sku", SkuMap.sku, SkuMap.refreshed_at),
    )


def _order_filter() -> ColumnElement[bool]:
    return _not_resolved("order", OrderIssue.refnum, OrderIssue.last_seen_at)


def counts(session: Session) -> dict[str, int]:
    """Open items per kind."""
    now = utcnow()
    queries = {
        "intent": select(func.count()).select_from(WriteIntent).where(_intent_filter(now)),
        "inventory": select(func.count()).select_from(InventoryBuffer).where(_inventory_filter()),
        "sku": select(func.count()).select_from(SkuMap).where(_sku_filter()),
        "order": select(func.count()).select_from(OrderIssue).where(_order_filter()),
    }
    return {kind: int(session.execute(q).scalar_one()) for kind, q in queries.items()}


def page(session: Session, kind: str, number: int, group: str | None = None) -> list[Item]:
    """Page `number` (from 1) of open items of one kind; intents optionally of one intent kind."""
    offset = (max(1, number) - 1) * PAGE_SIZE
    if kind == "intent":
        where = _intent_filter(utcnow())
        if group:
            where = and_(where, col(WriteIntent.kind) == group)
        rows = session.execute(
            select(WriteIntent)
            .where(where)
            .order_by(col(WriteIntent.updated_at).desc())
            .offset(offset)
            .limit(PAGE_SIZE)
        ).scalars()
        return [intent_item(r) for r in rows]
    if kind == "inventory":
        buffered = session.execute(
            select(InventoryBuffer)
            .where(_inventory_filter())
            .order_by(col(InventoryBuffer.pushed_at).desc())
            .offset(offset)
            .limit(PAGE_SIZE)
        ).scalars()
        return [inventory_item(r) for r in buffered]
    if kind == "sku":
        mapped = session.execute(
            select(SkuMap).where(_sku_filter()).order_by(col(SkuMap.sku)).offset(offset).limit(PAGE_SIZE)
        ).scalars()
        return [
            Item(
                "sku",
                m.sku,
                m.sku,
                "not in store",
                "RetailOps pushes this SKU; the store has no variant with it",
                m.refreshed_at,
            )
            for m in mapped
        ]
    if kind == "order":
        issues = session.execute(
            select(OrderIssue)
            .where(_order_filter())
            .order_by(col(OrderIssue.last_seen_at).desc())
            .offset(offset)
            .limit(PAGE_SIZE)
        ).scalars()
        return [
            Item("order", i.refnum, i.order_name or i.refnum, "not offered", i.message, i.last_seen_at)
            for i in issues
        ]
    raise ValueError(f"unknown exception kind {kind!r}")


def intent_groups(session: Session) -> dict[str, int]:
    """Open intent items per intent kind (for "retry all of one kind")."""
    rows = session.execute(
        select(col(WriteIntent.kind), func.count())
        .where(_intent_filter(utcnow()))
        .group_by(col(WriteIntent.kind))
    ).all()
    return {str(k): int(n) for k, n in rows}


def intent_item(row: WriteIntent) -> Item:
    """A write intent as a queue item."""
    status = "refused" if row.status == IntentStatus.FAILED else row.status
    if row.status == IntentStatus.PENDING:
        status = "queued"
    return Item(
        "intent",
        row.idempotency_key,
        f"{row.kind} {row.refnum or ''}".strip(),
        status,
        row.last_error or "waiting for its first attempt",
        row.updated_at,
        row.attempts,
        row.kind,
    )


def inventory_item(row: InventoryBuffer) -> Item:
    """A parked inventory row as a queue item."""
    return Item(
        "inventory",
        f"{row.sku}{KEY_SEP}{row.location_id}",
        f"{row.sku} @ {row.location_id}",
        "parked",
        row.last_error or "",
        row.pushed_at,
    )


def open_targets(session: Session, kind: str, group: str | None, limit: int) -> list[str]:
    """Targets of open items of one kind (intents: of one intent kind), for "retry all"."""
    if kind == "intent":
        where = _intent_filter(utcnow())
        if group:
            where = and_(where, col(WriteIntent.kind) == group)
        return list(
            session.execute(select(col(WriteIntent.idempotency_key)).where(where).limit(limit)).scalars()
        )
    if kind == "inventory":
        rows = session.execute(select(InventoryBuffer).where(_inventory_filter()).limit(limit)).scalars()
        return [f"{r.sku}{KEY_SEP}{r.location_id}" for r in rows]
    if kind == "sku":
        return list(session.execute(select(col(SkuMap.sku)).where(_sku_filter()).limit(limit)).scalars())
    if kind == "order":
        return list(
            session.execute(select(col(OrderIssue.refnum)).where(_order_filter()).limit(limit)).scalars()
        )
    raise ValueError(f"unknown exception kind {kind!r}")
