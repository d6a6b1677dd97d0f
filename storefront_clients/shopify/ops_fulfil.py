"""Fulfillment operations: fulfillment orders, moves, fulfillmentCreate, tracking updates, orderClose.

Called by ``ShopifyClient``. ``fulfillmentCreate`` and ``fulfillmentOrderMove`` have no idempotency
key, so neither is resent after an ambiguous failure (the caller re-reads the fulfillment orders
first); tracking updates and closing converge on a state and are resent.
"""

from __future__ import annotations

from typing import Any

from storefront_clients.base import (
    Fulfillment,
    FulfillmentOrder,
    FulfillmentRequest,
    Tracking,
)
from storefront_clients.errors import NotFoundError, PermanentStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.parse import gid, nodes, obj
from storefront_clients.shopify.parse_orders import fulfillment, fulfillment_order
from storefront_clients.shopify.transport import Transport

OPEN_STATUSES = frozenset({"OPEN", "IN_PROGRESS", "ON_HOLD", "SCHEDULED"})
FULFILLMENT_ORDERS_PAGE = 50
FULFILLMENT_ORDER_LINES_PAGE = 100
FULFILLMENT_LINES_PAGE = 100


def tracking_input(tracking: Tracking) -> dict[str, Any]:
    """A `FulfillmentTrackingInput`."""
    result: dict[str, Any] = {"number": tracking.number}
    if tracking.company:
        result["company"] = tracking.company
    if tracking.url:
        result["url"] = tracking.url
    return result


async def fulfillment_orders(transport: Transport, order_id: str) -> tuple[FulfillmentOrder, ...]:
    """The order's fulfillment orders that still hold work: open, in progress, on hold, scheduled.

    Held and scheduled ones are answered too, so a caller can say why a line cannot ship now.
    """
    data = await transport.execute(
        documents.FULFILLMENT_ORDERS,
        {
            "id": gid("Order", order_id),
            "first": FULFILLMENT_ORDERS_PAGE,
            "linesFirst": FULFILLMENT_ORDER_LINES_PAGE,
        },
        operation="FulfillmentOrders",
        idempotent=True,
    )
    order = data.get("order")
    if not isinstance(order, dict):
        raise NotFoundError(f"Shopify order {order_id} does not exist")
    return tuple(
        fulfillment_order(node)
        for node in nodes(order.get("fulfillmentOrders"))
        if node.get("status") in OPEN_STATUSES
    )


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


async def create_fulfillment(transport: Transport, request: FulfillmentRequest) -> Fulfillment:
    """`fulfillmentCreate`; an ambiguous failure raises TransientStorefrontError, never resends."""
    payload = await transport.mutate(
        documents.FULFILLMENT_CREATE,
        {"fulfillment": fulfillment_input(request), "linesFirst": FULFILLMENT_LINES_PAGE},
        operation="FulfillmentCreate",
        root="fulfillmentCreate",
        idempotent=False,
    )
    created = obj(payload.get("fulfillment"))
    if not created.get("id"):
        raise PermanentStorefrontError("Shopify fulfillmentCreate returned no fulfillment")
    return fulfillment(created)


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
