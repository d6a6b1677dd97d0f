"""The SKU page: what RetailOps last pushed, what was delivered and when, the store's level, drift."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session, col

from connector.db.tables import ConsoleAudit, InventoryBuffer, SkuMap
from connector.repo import audit


@dataclass
class SkuView:
    """Buffer rows per location, the SKU map row and audit entries of one SKU."""

    sku: str
    rows: list[InventoryBuffer] = field(default_factory=list)
    mapped: SkuMap | None = None
    audits: list[ConsoleAudit] = field(default_factory=list)


def view(session: Session, sku: str) -> SkuView:
    """Everything the database knows about one SKU."""
    result = SkuView(sku=sku)
    result.rows = list(
        session.execute(
            select(InventoryBuffer)
            .where(col(InventoryBuffer.sku) == sku)
            .order_by(col(InventoryBuffer.location_id))
        ).scalars()
    )
    result.mapped = session.get(SkuMap, sku)
    targets = [f"{sku}|{r.location_id}" for r in result.rows]
    result.audits = audit.for_target(session, "sku", sku) + audit.for_targets(session, "inventory", targets)
    return result


def search(session: Session, prefix: str, limit: int = 25) -> list[str]:
    """SKUs known to the buffer starting with `prefix`."""
    stmt = (
        select(col(InventoryBuffer.sku))
        .where(col(InventoryBuffer.sku).startswith(prefix.strip()))
        .distinct()
        .order_by(col(InventoryBuffer.sku))
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())
