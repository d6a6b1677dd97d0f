"""SKU map warm-up: read every store variant (bulk operation) into the SKU map; report unmatched SKUs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlmodel import Session, col

from connector.db.tables import InventoryBuffer
from connector.repo import skus
from connector.services import Services
from storefront_clients.base import VariantRef

log = logging.getLogger("connector.jobs.sku_map")
CHUNK = 2000


@dataclass
class WarmFigures:
    """What one warm-up did."""

    variants: int = 0
    missing_in_store: int = 0


def _mark_missing(session: Session, seen: set[str]) -> list[str]:
    """SKUs RetailOps pushed that the store does not carry (recorded as misses in the map)."""
    pushed = set(session.execute(select(col(InventoryBuffer.sku)).distinct()).scalars())
    missing = sorted(pushed - seen)
    skus.record(session, [], missing)
    return missing


async def warm(services: Services) -> WarmFigures:
    """Stream the store's variants into the map in chunks; then list pushed SKUs the store lacks."""
    services.sku_map.begin()
    try:
        return await _warm(services)
    finally:
        services.sku_map.end()
        services.flusher.wake()


async def _warm(services: Services) -> WarmFigures:
    figures = WarmFigures()
    seen: set[str] = set()
    chunk: list[VariantRef] = []
    async for ref in services.storefront.iter_variants():
        chunk.append(ref)
        seen.add(ref.sku)
        if len(chunk) >= CHUNK:
            await services.db.run(partial(skus.record, refs=chunk))
            figures.variants += len(chunk)
            chunk = []
    if chunk:
        await services.db.run(partial(skus.record, refs=chunk))
        figures.variants += len(chunk)
    missing = await services.db.run(partial(_mark_missing, seen=seen))
    figures.missing_in_store = len(missing)
    if missing:
        log.warning("%d SKUs pushed by RetailOps are not in the store, e.g. %s", len(missing), missing[:10])
    return figures
