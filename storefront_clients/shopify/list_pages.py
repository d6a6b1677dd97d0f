"""Follow-up reads that complete an order's lists: cursor pages, and a fulfilment's line items.

Called by the order reads (ops_orders) and the shipment read (ops_shipping).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storefront_clients.shopify import documents
from storefront_clients.shopify.paging import MAX_PAGE
from storefront_clients.shopify.parse import Json, nodes, obj, page_info
from storefront_clients.shopify.transport import Transport

# Re-reads of possibly truncated plain lists grow them this much per step, up to MAX_PAGE: the
# schema bounds neither list ("Truncate the array result to this size"); 250 is Shopify's documented
# page maximum (shopify.dev/docs/api/usage/pagination-graphql).
LIST_GROWTH = 10


async def all_fulfillment_lines(transport: Transport, fulfillment: Json) -> Json:
    """A fulfilment node with its line items beyond the first page appended (order and shipment reads)."""
    connection = obj(fulfillment.get("fulfillmentLineItems"))
    has_next, cursor = page_info(connection)
    if not has_next:
        return fulfillment
    rest = await rest_of(
        transport,
        documents.FULFILLMENT_LINES_PAGE,
        "FulfillmentLinesPage",
        {"id": fulfillment["id"], "first": MAX_PAGE},
        lambda data: obj(obj(data.get("node")).get("fulfillmentLineItems")),
        cursor,
    )
    return {**fulfillment, "fulfillmentLineItems": {"nodes": [*nodes(connection), *rest]}}


async def rest_of(
    transport: Transport,
    document: str,
    operation: str,
    variables: dict[str, Any],
    connection_of: Callable[[Json], Any],
    cursor: str | None,
) -> list[Json]:
    """The nodes of a connection after `cursor`, page by page (the order and shipment reads' follow-ups)."""
    found: list[Json] = []
    has_next = True
    while has_next:
        data = await transport.execute(
            document, {**variables, "after": cursor}, operation=operation, idempotent=True
        )
        connection = connection_of(data)
        found.extend(nodes(connection))
        has_next, cursor = page_info(connection)
    return found
