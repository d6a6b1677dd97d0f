"""Shipment reads: what shipping a package decides on (line ids, fulfilments, fulfillment orders).

Called by ``ShopifyClient`` for order_shipment_submit and its fulfil retries. One lean query
answers the common order; every list is then completed, so a decision never rests on a
truncated one: line ids, fulfillment orders and their lines are paged by cursor, fulfilments
(a plain list) are re-read longer while a read comes back exactly full.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from storefront_clients.base import AppliedState, FulfillmentOrder, ShippingState
from storefront_clients.errors import NotFoundError
from storefront_clients.shopify import documents
from storefront_clients.shopify.list_pages import LIST_GROWTH, all_fulfillment_lines, all_nodes
from storefront_clients.shopify.paging import MAX_PAGE
from storefront_clients.shopify.parse import Json, gid, nodes, obj, optional_timestamp
from storefront_clients.shopify.parse_orders import fulfillment, fulfillment_order
from storefront_clients.shopify.transport import Transport

log = logging.getLogger(__name__)

# Fulfillment orders that still hold work; held and scheduled ones say why a line cannot ship.
OPEN_STATUSES = frozenset({"OPEN", "IN_PROGRESS", "ON_HOLD", "SCHEDULED"})
# First-read sizes for a typical order (a few lines, at most a few locations and shipments):
# they keep the read's requested cost low, so background work holds back little for it.
LINE_IDS_FIRST = 50
FULFILLMENTS_FIRST = 5
FULFILLMENT_LINES_FIRST = 10
FULFILLMENT_ORDERS_FIRST = 5
FULFILLMENT_ORDER_LINES_FIRST = 20
# Follow-up pages, after the first read came back with more.
FULFILLMENT_ORDERS_PAGE = 10
LINES_PAGE = 100
# Orders per reconciliation read: each costs a few points, so a page stays far under 1,000.
STATES_PAGE = 100


async def _with_all_lines(transport: Transport, node: Json) -> FulfillmentOrder:
    """A fulfillment order with its lines beyond the first page read."""
    lines = await all_nodes(
        transport,
        node.get("lineItems"),
        documents.FULFILLMENT_ORDER_LINES_PAGE,
        "FulfillmentOrderLinesPage",
        {"id": node["id"], "first": LINES_PAGE},
        lambda data: obj(obj(data.get("node")).get("lineItems")),
    )
    return fulfillment_order({**node, "lineItems": {"nodes": lines}})


async def _all_fulfillment_orders(
    transport: Transport, order_id: str, connection: Json
) -> tuple[FulfillmentOrder, ...]:
    """Every fulfillment order still holding work, from a first page and the pages after it."""
    found = await all_nodes(
        transport,
        connection,
        documents.FULFILLMENT_ORDERS,
        "FulfillmentOrders",
        {
            "id": order_id,
            "first": FULFILLMENT_ORDERS_PAGE,
            "fulfillmentOrderLinesFirst": FULFILLMENT_ORDER_LINES_FIRST,
        },
        lambda data: obj(obj(data.get("order")).get("fulfillmentOrders")),
    )
    return tuple([await _with_all_lines(transport, n) for n in found if n.get("status") in OPEN_STATUSES])


async def fulfillment_orders(transport: Transport, order_id: str) -> tuple[FulfillmentOrder, ...]:
    """The order's fulfillment orders that still hold work: open, in progress, on hold, scheduled."""
    order_gid = gid("Order", order_id)
    data = await transport.execute(
        documents.FULFILLMENT_ORDERS,
        {
            "id": order_gid,
            "first": FULFILLMENT_ORDERS_PAGE,
            "after": None,
            "fulfillmentOrderLinesFirst": FULFILLMENT_ORDER_LINES_FIRST,
        },
        operation="FulfillmentOrders",
        idempotent=True,
    )
    order = data.get("order")
    if not isinstance(order, dict):
        raise NotFoundError(f"Shopify order {order_id} does not exist")
    return await _all_fulfillment_orders(transport, order_gid, obj(order.get("fulfillmentOrders")))


async def _all_fulfillments(transport: Transport, node: Json) -> list[Json]:
    """The order's fulfilments, re-read longer while a read fills its `first` size."""
    size = FULFILLMENTS_FIRST
    found = nodes(node.get("fulfillments"))
    while len(found) >= size and size < MAX_PAGE:
        size = min(MAX_PAGE, size * LIST_GROWTH)
        data = await transport.execute(
            documents.ORDER_FULFILLMENTS,
            {"id": node["id"], "fulfillmentsFirst": size, "fulfillmentLinesFirst": FULFILLMENT_LINES_FIRST},
            operation="OrderFulfillments",
            idempotent=True,
        )
        found = nodes(obj(data.get("order")).get("fulfillments"))
    if len(found) >= MAX_PAGE:
        log.warning("order %s holds %d+ fulfilments", node["id"], MAX_PAGE)
    return [await all_fulfillment_lines(transport, f) for f in found]


async def shipping_state(transport: Transport, order_id: str) -> ShippingState | None:
    """What shipping a package on the order decides on, every list complete; None: no such order."""
    order_gid = gid("Order", order_id)
    data = await transport.execute(
        documents.ORDER_SHIPPING,
        {
            "id": order_gid,
            "lineItemsFirst": LINE_IDS_FIRST,
            "fulfillmentsFirst": FULFILLMENTS_FIRST,
            "fulfillmentLinesFirst": FULFILLMENT_LINES_FIRST,
            "fulfillmentOrdersFirst": FULFILLMENT_ORDERS_FIRST,
            "fulfillmentOrderLinesFirst": FULFILLMENT_ORDER_LINES_FIRST,
        },
        operation="OrderShipping",
        idempotent=True,
    )
    node = data.get("order")
    if not isinstance(node, dict) or not node.get("id"):
        return None
    line_nodes = await all_nodes(
        transport,
        node.get("lineItems"),
        documents.ORDER_LINE_IDS_PAGE,
        "OrderLineIdsPage",
        {"id": order_gid, "first": LINES_PAGE},
        lambda data: obj(obj(data.get("order")).get("lineItems")),
    )
    shipped = await _all_fulfillments(transport, node)
    return ShippingState(
        id=str(node["id"]),
        line_ids=tuple(str(n["id"]) for n in line_nodes if n.get("id")),
        fulfillments=tuple(fulfillment(f) for f in shipped),
        fulfillment_orders=await _all_fulfillment_orders(
            transport, order_gid, obj(node.get("fulfillmentOrders"))
        ),
    )


async def applied_states(transport: Transport, order_ids: Sequence[str]) -> dict[str, AppliedState]:
    """Cancellation and fulfilment tracking of the orders that exist, keyed as given (reconcile calls)."""
    by_gid = {gid("Order", i): i for i in order_ids}
    wanted = list(by_gid)
    found: dict[str, AppliedState] = {}
    for start in range(0, len(wanted), STATES_PAGE):
        data = await transport.execute(
            documents.ORDER_STATES_BY_ID,
            {"ids": wanted[start : start + STATES_PAGE], "fulfillmentsFirst": FULFILLMENTS_FIRST},
            operation="OrderStatesById",
            idempotent=True,
        )
        for node in data.get("nodes") or []:
            if not isinstance(node, dict) or not node.get("id"):
                continue
            shipped = await _all_fulfillments(transport, node)
            found[by_gid[str(node["id"])]] = AppliedState(
                id=str(node["id"]),
                cancelled_at=optional_timestamp(node.get("cancelledAt")),
                fulfillments=tuple((f.id, f.tracking) for f in map(fulfillment, shipped)),
            )
    return found
