"""Fulfilment mutations: `fulfillmentCreate` (by fulfilment order lines) and tracking updates."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.ids import parse_gid
from storefront_clients.sandbox.order_models import (
    FulfillmentOrder,
    FulfillmentOrderLine,
    Order,
    TrackingInfo,
)
from storefront_clients.sandbox.order_ops import fulfill
from storefront_clients.sandbox.registry import Info, field

from .common import not_found, store_of, user_error
from .fulfillment_reads import supported_actions


def _tracking(raw: dict[str, Any] | None) -> TrackingInfo | None:
    if not raw:
        return None
    number = raw.get("number") or next(iter(raw.get("numbers") or []), None)
    url = raw.get("url") or next(iter(raw.get("urls") or []), None)
    return TrackingInfo(raw.get("company"), number, url)


def _fail(message: str, path: list[str] | None = None) -> dict[str, Any]:
    return {"fulfillment": None, "userErrors": [user_error(path or ["fulfillment"], message)]}


@field("Mutation", "fulfillmentCreate")
def fulfillment_create(
    _root: Any, info: Info, fulfillment: dict[str, Any], message: str | None = None
) -> dict[str, Any]:
    """Ship quantities of fulfilment order lines (all from one order and one location)."""
    store = store_of(info)
    groups = fulfillment["lineItemsByFulfillmentOrder"]
    picks: list[tuple[FulfillmentOrder, FulfillmentOrderLine, int]] = []
    orders: dict[int, Order] = {}
    for gi, group in enumerate(groups):
        fo_id = parse_gid(group["fulfillmentOrderId"], "FulfillmentOrder")
        order = store.owner("FulfillmentOrder", fo_id) if fo_id is not None else None
        fo = next((f for f in order.fulfillment_orders if f.id == fo_id), None) if order else None
        if order is None or fo is None:
            if len(groups) == 1 and fo_id is None:
                raise not_found()
            return _fail("Fulfillment order does not exist.")
        orders[order.id] = order
        if "CREATE_FULFILLMENT" not in supported_actions(fo, store):
            # Held, scheduled, closed and fulfilment-service orders do not offer CREATE_FULFILLMENT
            # (capture shipping-fulfillments/fulfillment-order-lifecycle.json); Shopify's refusal
            # then reads as quoted in community.shopify.com/t/error-422-when-trying-to-create-a-
            # fulfillment-only-supported-action-is-cancel-fulfillment-order/248481
            return _fail("Cannot create fulfillment for the fulfillment order.")
        wanted = group.get("fulfillmentOrderLineItems")
        if wanted is None:
            picks.extend((fo, fol, fol.remaining_quantity) for fol in fo.lines if fol.remaining_quantity)
            continue
        for li, item in enumerate(wanted):
            fol_id = parse_gid(item["id"], "FulfillmentOrderLineItem")
            fol = next((x for x in fo.lines if x.id == fol_id), None)
            if fol is None:
                return _fail("Fulfillment order line item does not exist.")
            qty = item["quantity"]
            if qty <= 0:
                path = [
                    "fulfillment",
                    "lineItemsByFulfillmentOrder",
                    str(gi),
                    "fulfillmentOrderLineItems",
                    str(li),
                    "quantity",
                ]
                return _fail("Quantity must be greater than 0", path)
            if qty > fol.remaining_quantity:
                return _fail("Invalid fulfillment order line item quantity requested.")
            picks.append((fo, fol, qty))
    if len(orders) > 1:
        ids = ", ".join(str(i) for i in sorted(orders))
        return _fail(
            f"All fulfillment orders must belong to the same order. Multiple orders with ids "
            f"[{ids}] were found."
        )
    locations = sorted({fo.location_id for fo, _l, _q in picks})
    # Wording of capture orders/fulfillment-create-multi-group.json (case differentLocationLater).
    if len(locations) > 1:
        ids = ", ".join(str(i) for i in locations)
        return _fail(
            f"All fulfillment orders must be assigned to a single location. Multiple locations "
            f"with ids [{ids}] were found."
        )
    if not picks:
        return _fail("Invalid fulfillment order line item quantity requested.")
    order = next(iter(orders.values()))
    created = fulfill(
        store,
        order,
        picks,
        _tracking(fulfillment.get("trackingInfo")),
        bool(fulfillment.get("notifyCustomer")),
    )
    return {"fulfillment": created, "userErrors": []}


@field("Mutation", "fulfillmentTrackingInfoUpdate")
def tracking_update(
    _root: Any,
    info: Info,
    fulfillmentId: str,
    trackingInfoInput: dict[str, Any],
    notifyCustomer: bool | None = None,
) -> dict[str, Any]:
    """Replace a fulfilment's tracking information."""
    store = store_of(info)
    num = parse_gid(fulfillmentId, "Fulfillment")
    order = store.owner("Fulfillment", num) if num is not None else None
    found = next((f for f in order.fulfillments if f.id == num), None) if order else None
    if found is None:
        raise not_found()
    tracking = _tracking(trackingInfoInput)
    found.tracking = [tracking] if tracking else []
    found.updated_at = store.now()
    return {"fulfillment": found, "userErrors": []}
