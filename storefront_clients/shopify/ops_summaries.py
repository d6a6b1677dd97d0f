"""Lean order summaries: identity, state and unshipped units, read many orders per cheap query."""

from __future__ import annotations

from typing import Any

from storefront_clients.base import OrderQuery, OrderSummary, OrderSummaryPage
from storefront_clients.shopify import documents
from storefront_clients.shopify.errors import MaxCostExceededError
from storefront_clients.shopify.ops_orders import search_query
from storefront_clients.shopify.paging import MAX_PAGE, shrunk
from storefront_clients.shopify.parse import Json, nodes, obj, page_info, timestamp
from storefront_clients.shopify.transport import Transport

# Lines read per order; an order with more lines is summarised from its first LINES_FIRST.
LINES_FIRST = 20


def summary(node: Json) -> OrderSummary:
    """One order summary from an `OrderSummaries` node."""
    unshipped: dict[str, int] = {}
    for line in nodes(node.get("lineItems")):
        sku = line.get("sku")
        qty = int(line.get("unfulfilledQuantity") or 0)
        if sku and qty > 0 and line.get("requiresShipping", True):
            unshipped[str(sku)] = unshipped.get(str(sku), 0) + qty
    cancelled = node.get("cancelledAt")
    return OrderSummary(
        id=str(node["id"]),
        legacy_id=str(node["legacyResourceId"]) if node.get("legacyResourceId") else None,
        updated_at=timestamp(node.get("updatedAt")),
        cancelled_at=timestamp(cancelled) if cancelled else None,
        unshipped=tuple(sorted(unshipped.items())),
    )


async def orders_connection(
    transport: Transport, document: str, operation: str, variables: dict[str, Any], limit: int
) -> Json:
    """One `orders` page of `document`; shrinks `first` while Shopify refuses its cost (order reads call)."""
    first = max(1, min(limit, MAX_PAGE))
    while True:
        try:
            data = await transport.execute(
                document, {**variables, "first": first}, operation=operation, idempotent=True
            )
            return obj(data.get("orders"))
        except MaxCostExceededError as exc:
            if first == 1:
                raise
            first = max(1, shrunk(first, exc.requested_cost))


async def summaries(
    transport: Transport, query: OrderQuery, cursor: str | None, limit: int
) -> OrderSummaryPage:
    """A page of summaries; the page shrinks (and stays shrunk) if Shopify refuses its cost."""
    variables: dict[str, Any] = {
        "query": search_query(query) or None,
        "after": cursor,
        "linesFirst": LINES_FIRST,
        "sortKey": "UPDATED_AT" if query.by_update else "CREATED_AT",
    }
    connection = await orders_connection(
        transport, documents.ORDER_SUMMARIES, "OrderSummaries", variables, limit
    )
    has_next, end = page_info(connection)
    return OrderSummaryPage(tuple(summary(n) for n in nodes(connection)), end if has_next else None)
