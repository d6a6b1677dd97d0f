"""inventory_push: accept absolute quantities into the durable buffer; the flusher delivers them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from connector.domain.locations import DEFAULT_LOCATION, facility_locations
from connector.repo import inventory, skus
from connector.retailops import (
    Association,
    Event,
    EventCode,
    InventoryPushRequest,
    error_event,
    warning_event,
)
from connector.retailops.responses import InventoryPushResponse
from connector.services import Services
from storefront_clients.errors import StorefrontError

RESOLVE_BUDGET = 3.0
# At most one SKU lookup per push: a large push of unmapped SKUs (a cold start) is left to the
# SKU map warm-up and the flusher instead of spending the request on hundreds of lookups.
RESOLVE_MAX = 250
MISS_TTL = timedelta(minutes=10)


async def handle(services: Services, request: InventoryPushRequest) -> InventoryPushResponse:
    """Buffer every valid update in one transaction, then report SKUs the store does not have."""
    events: list[Event] = []
    facilities = facility_locations(services.settings)
    wanted: dict[tuple[str, str], int] = {}
    for index, update in enumerate(request.inventory_updates or []):
        sku = (update.sku or "").strip()
        if not sku or update.quantity_available is None:
            events.append(
                error_event(
                    EventCode.INVALID_REQUEST,
                    f"inventory_updates[{index}] needs a sku and a quantity_available; skipped",
                    *([Association.sku_number(sku)] if sku else []),
                )
            )
            continue
        per_location: dict[str, int] = {}
        for detail in update.quantity_detail or []:
            if detail.facility_name in facilities and detail.available_quantity is not None:
                loc = facilities[detail.facility_name]
                per_location[loc] = per_location.get(loc, 0) + detail.available_quantity
        if not per_location:
            per_location[DEFAULT_LOCATION] = update.quantity_available
        for loc, qty in per_location.items():
            wanted[(sku, loc)] = qty
    await services.db.run(lambda s: inventory.buffer_quantities(s, wanted))
    services.flusher.wake()
    events += await _unknown_skus(services, list(dict.fromkeys(sku for sku, _ in wanted)))
    return InventoryPushResponse(events=events)


async def _unknown_skus(services: Services, pushed: list[str]) -> list[Event]:
    """Warnings for SKUs the store does not carry (checked against the SKU map, misses resolved)."""
    known = await services.db.run(lambda s: skus.lookup(s, pushed))
    missing = [s for s in pushed if s in known and skus.is_fresh_miss(known[s], MISS_TTL)]
    to_resolve = [
        s for s in pushed if s not in known or (known[s].inventory_item_id is None and s not in missing)
    ]
    to_resolve = to_resolve[:RESOLVE_MAX]
    if to_resolve:
        try:
            found = await asyncio.wait_for(services.storefront.resolve_skus(to_resolve), RESOLVE_BUDGET)
        except (TimeoutError, StorefrontError):
            found = None  # the flusher resolves them later; no verdict now
        if found is not None:
            absent = [s for s in to_resolve if s not in found]
            await services.db.run(lambda s: skus.record(s, found.values(), absent))
            missing += absent
    return [
        warning_event(
            EventCode.UNKNOWN_SKU,
            f"SKU {sku!r} is not in the store; its quantity is kept and applied if the SKU appears",
            Association.sku_number(sku),
        )
        for sku in missing
    ]
