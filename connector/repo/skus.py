"""The SKU map: SKU → variant, inventory item and product, refreshed in bulk and on miss."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from connector.db.tables import SkuMap, table_of
from connector.db.types import utcnow
from storefront_clients.base import VariantRef

_CHUNK = 900  # stays under SQLite's bound-parameter limit with room to spare
_MAPPED = ("variant_id", "inventory_item_id", "product_id", "tracked", "refreshed_at")


def lookup(session: Session, skus: Sequence[str]) -> dict[str, SkuMap]:
    """Known map rows for the given SKUs (found and not-found alike)."""
    found: dict[str, SkuMap] = {}
    unique = list(dict.fromkeys(skus))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        for row in session.execute(select(SkuMap).where(col(SkuMap.sku).in_(chunk))).scalars():
            found[row.sku] = row
    return found


def record(session: Session, refs: Iterable[VariantRef], missing: Iterable[str] = ()) -> None:
    """Store resolved SKUs and remember SKUs the store does not have (ids None)."""
    now = utcnow()
    rows = [
        {
            "sku": r.sku,
            "variant_id": r.variant_id,
            "inventory_item_id": r.inventory_item_id,
            "product_id": r.product_id,
            "tracked": r.tracked,
            "refreshed_at": now,
        }
        for r in refs
    ]
    rows += [
        {
            "sku": s,
            "variant_id": None,
            "inventory_item_id": None,
            "product_id": None,
            "tracked": True,
            "refreshed_at": now,
        }
        for s in missing
    ]
    if not rows:
        return
    dedup = list({r["sku"]: r for r in rows}.values())
    table = table_of(SkuMap)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["sku"],
        set_={k: getattr(stmt.excluded, k) for k in _MAPPED},
    )
    for start in range(0, len(dedup), _CHUNK):
        session.execute(stmt, dedup[start : start + _CHUNK])


def is_fresh_miss(row: SkuMap, max_age: timedelta) -> bool:
    """True for a recorded 'not in store' answer young enough to trust without asking again."""
    return row.inventory_item_id is None and utcnow() - row.refreshed_at < max_age
