"""Inventory drift: compare the store's available quantities with what RetailOps last asked for."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import select
from sqlmodel import Session, col

from connector.db.tables import InventoryBuffer, SkuMap
from connector.domain.commitments import Commitments, available_to_send
from connector.domain.locations import DEFAULT_LOCATION
from connector.repo import inventory
from connector.services import Services

log = logging.getLogger("connector.jobs.drift")
PAGE = 1000


@dataclass
class DriftFigures:
    """What one drift check compared and found."""

    compared: int = 0
    drifted: list[str] = field(default_factory=list)
    reasserted: int = 0


def _delivered(session: Session, after: str, limit: int) -> list[tuple[str, str, int, str]]:
    """(sku, location, wanted quantity, inventory item) of settled rows, in SKU order after `after`."""
    stmt = (
        select(
            col(InventoryBuffer.sku),
            col(InventoryBuffer.location_id),
            col(InventoryBuffer.quantity),
            col(SkuMap.inventory_item_id),
        )
        .join(SkuMap, col(SkuMap.sku) == col(InventoryBuffer.sku))
        .where(
            col(InventoryBuffer.seq) == col(InventoryBuffer.delivered_seq),
            col(SkuMap.inventory_item_id).is_not(None),
            col(InventoryBuffer.sku) > after,
        )
        .order_by(col(InventoryBuffer.sku))
        .limit(limit)
    )
    return [(s, loc, q, item) for s, loc, q, item in session.execute(stmt).all()]


async def check(services: Services, repair: bool | None = None) -> DriftFigures:
    """Read store levels in bulk (one query per 250 items) and re-assert or report differences."""
    repair = services.settings.connector_drift_repair if repair is None else repair
    figures = DriftFigures()
    default = await services.locations.default_id()
    commitments = await services.commitments.when_subtracting()
    after = ""
    while True:
        rows = await services.db.run(partial(_delivered, after=after, limit=PAGE))
        if not rows:
            break
        after = rows[-1][0]
        by_location: dict[str, list[tuple[str, int, str]]] = {}
        for sku, loc, qty, item in rows:
            by_location.setdefault(default if loc == DEFAULT_LOCATION else loc, []).append((sku, qty, item))
        for loc, entries in by_location.items():
            await _compare(services, loc, entries, commitments, figures, repair)
    if figures.drifted:
        log.warning(
            "%d SKUs drifted from what RetailOps asked for, e.g. %s",
            len(figures.drifted),
            figures.drifted[:10],
        )
    return figures


async def _compare(
    services: Services,
    location: str,
    entries: Sequence[tuple[str, int, str]],
    commitments: Commitments | None,
    figures: DriftFigures,
    repair: bool,
) -> None:
    levels = await services.storefront.inventory_levels([item for _, _, item in entries], location)
    buffer_location = DEFAULT_LOCATION if location == await services.locations.default_id() else location
    wanted_again: dict[tuple[str, str], int] = {}
    for sku, qty, item in entries:
        figures.compared += 1
        expected = available_to_send(qty, sku, commitments)
        if levels.get(item) != expected:
            figures.drifted.append(sku)
            wanted_again[(sku, buffer_location)] = qty
    if repair and wanted_again:
        # Re-buffering bumps each row's seq, so the flusher sends the wanted quantity again.
        await services.db.run(partial(inventory.buffer_quantities, wanted=wanted_again))
        figures.reasserted += len(wanted_again)
        services.flusher.wake()
