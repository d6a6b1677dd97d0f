"""`fulfillmentOrderMove`: reassign a fulfilment order's unfulfilled lines (all or some) to another location.

Rules and wordings from the schema description of Mutation.fulfillmentOrderMove and
FulfillmentOrderMovePayload, and from capture shipping-fulfillments/fulfillment-order-move-validation.json
(closed, reported progress, 3PL request, unknown location, happy path) and
fulfillment-order-move-multi-line.json (a move of some lines splits the fulfilment order).
"""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.ids import parse_gid
from storefront_clients.sandbox.order_models import FulfillmentOrder, FulfillmentOrderLine, Order
from storefront_clients.sandbox.order_ops import open_fulfillment_order, refresh_fo_status
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

from .common import not_found, store_of, user_error
from .fulfillment_reads import supported_actions


def _fail(message: str, path: list[str] | None = None, code: str | None = None) -> dict[str, Any]:
    return {
        "movedFulfillmentOrder": None,
        "originalFulfillmentOrder": None,
        "remainingFulfillmentOrder": None,
        "userErrors": [user_error(path, message, code)],
    }


def _refusal(fo: FulfillmentOrder, store: Store) -> dict[str, Any] | None:
    """Why this fulfilment order cannot move now, in Shopify's words; None when it can."""
    if fo.status == "IN_PROGRESS" and all(fol.remaining_quantity == fol.total_quantity for fol in fo.lines):
        # Capture case "progress": progress reported (IN_PROGRESS without a fulfilment).
        return _fail(
            "Cannot move a fulfillment order that has had progress reported. To move a fulfillment "
            "order that has had progress reported, the fulfillment order must first be marked as open "
            "resolving the ongoing progress state.",
            ["id"],
            "CANNOT_MOVE_FULFILLMENT_ORDER_WITH_REPORTED_PROGRESS",
        )
    if "MOVE" not in supported_actions(fo, store):
        # Capture case "closed": a closed fulfilment order (and any without MOVE) cannot change location.
        return _fail("Cannot change location.")
    return None


def _wanted(
    fo: FulfillmentOrder, items: list[dict[str, Any]] | None
) -> tuple[dict[int, int], dict[str, Any] | None]:
    """Units to move per fulfilment order line (all unfulfilled when `items` is None), or a refusal."""
    if items is None:
        return {fol.id: fol.remaining_quantity for fol in fo.lines if fol.remaining_quantity}, None
    wanted: dict[int, int] = {}
    for item in items:
        fol_id = parse_gid(item["id"], "FulfillmentOrderLineItem")
        fol = next((x for x in fo.lines if x.id == fol_id), None)
        # UNSOURCED wording: no capture or doc shows a move naming a foreign or over-large line.
        if fol is None:
            return {}, _fail("Fulfillment order line item does not exist.", ["fulfillmentOrderLineItems"])
        if item["quantity"] <= 0 or item["quantity"] > fol.remaining_quantity:
            message = "Invalid fulfillment order line item quantity requested."
            return {}, _fail(message, ["fulfillmentOrderLineItems"])
        wanted[fol.id] = wanted.get(fol.id, 0) + int(item["quantity"])
    return wanted, None


def _split(
    store: Store, order: Order, fo: FulfillmentOrder, wanted: dict[int, int], to: int
) -> FulfillmentOrder:
    """A new fulfilment order at `to` holding `wanted`; the original keeps the rest (capture multi-line)."""
    by_line = {fol.id: fol for fol in fo.lines}
    moved = open_fulfillment_order(store, order, to, {by_line[i].line_item_id: q for i, q in wanted.items()})
    kept: list[FulfillmentOrderLine] = []
    for fol in fo.lines:
        take = wanted.get(fol.id, 0)
        fol.remaining_quantity -= take
        fol.total_quantity -= take
        if fol.total_quantity > 0:  # a line moved whole leaves the original (capture multi-line)
            kept.append(fol)
    fo.lines = kept
    fo.updated_at = moved.updated_at
    refresh_fo_status(fo)
    return moved


@field("Mutation", "fulfillmentOrderMove")
def fulfillment_order_move(
    _root: Any,
    info: Info,
    id: str,
    newLocationId: str,
    fulfillmentOrderLineItems: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Move all (or the given) unfulfilled lines of a fulfilment order to another location."""
    store = store_of(info)
    fo_id = parse_gid(id, "FulfillmentOrder")
    order = store.owner("FulfillmentOrder", fo_id) if fo_id is not None else None
    fo = next((f for f in order.fulfillment_orders if f.id == fo_id), None) if order else None
    if order is None or fo is None:
        raise not_found()
    location_id = parse_gid(newLocationId, "Location")
    location = store.locations.get(location_id) if location_id is not None else None
    if location is None or location_id is None:
        return _fail("Location not found.", ["id"])  # capture case "unknownLocation"
    refused = _refusal(fo, store)
    if refused is not None:
        return refused
    counts, refused = _wanted(fo, fulfillmentOrderLineItems)
    if refused is not None:
        return refused
    untouched = all(fol.remaining_quantity == fol.total_quantity for fol in fo.lines)
    everything = counts == {fol.id: fol.remaining_quantity for fol in fo.lines if fol.remaining_quantity}
    if everything and untouched:
        # First scenario of the schema description: the original fulfilment order moves.
        fo.location_id = location_id
        fo.updated_at = store.now()
        moved = fo
    else:
        moved = _split(store, order, fo, counts, location_id)
    order.updated_at = store.now()
    return {
        "movedFulfillmentOrder": moved,
        "originalFulfillmentOrder": fo,
        "remainingFulfillmentOrder": None if moved is fo else fo,
        "userErrors": [],
    }
