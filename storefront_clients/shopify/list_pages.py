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
    lines = await all_nodes(
        transport,
        fulfillment.get("fulfillmentLineItems"),
        documents.FULFILLMENT_LINES_PAGE,
        "FulfillmentLinesPage",
        {"id": fulfillment["id"], "first": MAX_PAGE},
        lambda data: obj(obj(data.get("node")).get("fulfillmentLineItems")),
    )
    return {**fulfillment, "fulfillmentLineItems": {"nodes": lines}}


async def all_nodes(
    transport: Transport,
    connection: Any,
    document: str,
    operation: str,
    variables: dict[str, Any],
    connection_of: Callable[[Json], Any],
) -> list[Json]:
    """Every node of a connection: its first page's, then each page after it (order and shipment reads)."""
    found = list(nodes(connection))
    has_next, cursor = page_info(connection)
    while has_next:
        data = await transport.execute(
            document, {**variables, "after": cursor}, operation=operation, idempotent=True
        )
        page = connection_of(data)
        found.extend(nodes(page))
        has_next, cursor = page_info(page)
    return found
