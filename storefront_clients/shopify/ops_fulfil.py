"""Fulfillment writes: moves, fulfillmentCreate, tracking updates, orderClose (reads: ops_shipping).

Called by ``ShopifyClient``. ``fulfillmentCreate`` and ``fulfillmentOrderMove`` have no idempotency
key, so neither is resent after an ambiguous failure (the caller re-reads the fulfillment orders
first); tracking updates and closing converge on a state and are resent.
"""

from __future__ import annotations

from typing import Any

from storefront_clients.base import (
    FulfillmentRequest,
    Tracking,
)
from storefront_clients.errors import NotFoundError, PermanentStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.parse import gid, obj
from storefront_clients.shopify.transport import Transport


def tracking_input(tracking: Tracking) -> dict[str, Any]:
    """A `FulfillmentTrackingInput`."""
    result: dict[str, Any] = {"number": tracking.number}
    if tracking.company:
        result["company"] = tracking.company
    if tracking.url:
        result["url"] = tracking.url
    return result


def fulfillment_input(request: FulfillmentRequest) -> dict[str, Any]:
    """The `FulfillmentInput` for a request: lines by fulfillment order, tracking, notify flag."""
    if not request.lines:
        raise PermanentStorefrontError("a fulfillment needs at least one line")
    result: dict[str, Any] = {
        "notifyCustomer": request.notify_customer,
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": fulfillment_order_id,
                "fulfillmentOrderLineItems": [
                    {"id": line_id, "quantity": quantity} for line_id, quantity in lines
                ],
            }
            for fulfillment_order_id, lines in request.lines
        ],
    }
    if request.tracking is not None:
        result["trackingInfo"] = tracking_input(request.tracking)
    return result


async def create_fulfillment(transport: Transport, request: FulfillmentRequest) -> str:
    """`fulfillmentCreate`, answering the new fulfillment's id; an ambiguous failure is never resent."""
    payload = await transport.mutate(
        documents.FULFILLMENT_CREATE,
        {"fulfillment": fulfillment_input(request)},
        operation="FulfillmentCreate",
        root="fulfillmentCreate",
        idempotent=False,
    )
    created = obj(payload.get("fulfillment"))
    if not created.get("id"):
        raise PermanentStorefrontError("Shopify fulfillmentCreate returned no fulfillment")
    return str(created["id"])


async def move_fulfillment_order(
    transport: Transport, fulfillment_order_id: str, location_id: str, lines: tuple[tuple[str, int], ...]
) -> str:
    """`fulfillmentOrderMove` of some lines (all when `lines` is empty); answers the moved order's id.

    Not resent after an ambiguous failure: the caller re-reads the fulfillment orders, where an
    applied move shows as the lines already at `location_id`.
    """
    payload = await transport.mutate(
        documents.FULFILLMENT_ORDER_MOVE,
        {
            "id": gid("FulfillmentOrder", fulfillment_order_id),
            "newLocationId": gid("Location", location_id),
            "fulfillmentOrderLineItems": [{"id": i, "quantity": q} for i, q in lines] or None,
        },
        operation="FulfillmentOrderMove",
        root="fulfillmentOrderMove",
        idempotent=False,
    )
    moved = obj(payload.get("movedFulfillmentOrder"))
    if not moved.get("id"):
        raise PermanentStorefrontError("Shopify fulfillmentOrderMove returned no fulfillment order")
    return str(moved["id"])


async def update_tracking(
    transport: Transport, fulfillment_id: str, tracking: Tracking, notify_customer: bool
) -> None:
    """`fulfillmentTrackingInfoUpdate` (replaces the tracking; safe to resend)."""
    await transport.mutate(
        documents.FULFILLMENT_TRACKING_UPDATE,
        {
            "fulfillmentId": gid("Fulfillment", fulfillment_id),
            "trackingInfoInput": tracking_input(tracking),
            "notifyCustomer": notify_customer,
        },
        operation="FulfillmentTrackingInfoUpdate",
        root="fulfillmentTrackingInfoUpdate",
        idempotent=True,
    )


async def close_order(transport: Transport, order_id: str) -> None:
    """`orderClose` (a no-op on a closed order, so safe to resend)."""
    payload = await transport.mutate(
        documents.ORDER_CLOSE,
        {"input": {"id": gid("Order", order_id)}},
        operation="OrderClose",
        root="orderClose",
        idempotent=True,
    )
    if not obj(payload.get("order")).get("id"):
        raise NotFoundError(f"Shopify order {order_id} does not exist")
