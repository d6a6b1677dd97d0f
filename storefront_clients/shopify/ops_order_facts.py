"""Readiness facts of orders (financial status, holds, schedule, risk): by updated_at page or by id.

Called by ``ShopifyClient`` for the connector's order sync. One lean document reads up to 250
orders per query; a page Shopify refuses for its cost is shrunk and retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storefront_clients.base import OrderFacts, OrderFactsPage, OrderQuery
from storefront_clients.shopify import documents
from storefront_clients.shopify.errors import MaxCostExceededError
from storefront_clients.shopify.ops_orders import search_query
from storefront_clients.shopify.paging import MAX_PAGE, shrunk
from storefront_clients.shopify.parse import Json, gid, nodes, obj, page_info, timestamp
from storefront_clients.shopify.transport import Transport

# Fulfillment orders read per order: an order split over more locations than this is rare, and
# a hold on one beyond them is caught when that order's facts are re-read by id.
FULFILLMENT_ORDERS_FIRST = 5
# RiskAssessmentResult values (schema enum), lowest first; PENDING is handled apart.
RISK_ORDER = ("NONE", "LOW", "MEDIUM", "HIGH")


def _risk(node: Json) -> str:
    levels = [str(a.get("riskLevel") or "NONE") for a in obj(node.get("risk")).get("assessments") or []]
    if "PENDING" in levels:
        return "PENDING"
    known = [lvl for lvl in levels if lvl in RISK_ORDER]
    return max(known, key=RISK_ORDER.index) if known else "NONE"


async def orders_connection(
    transport: Transport, document: str, operation: str, variables: dict[str, Any], limit: int
) -> Json:
    """One `orders` page of `document`; shrinks `first` while Shopify refuses its cost."""
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


def facts(node: Json) -> OrderFacts:
    """One order's readiness facts from an `OrderFacts` node."""
    holds: list[str] = []
    scheduled = False
    until: datetime | None = None
    for fo in nodes(node.get("fulfillmentOrders")):
        status = str(fo.get("status") or "")
        if status == "ON_HOLD":
            reasons = [str(h.get("reason") or "OTHER") for h in fo.get("fulfillmentHolds") or []]
            holds.extend(reasons or ["OTHER"])
        elif status == "SCHEDULED":
            scheduled = True
            if fo.get("fulfillAt"):
                at = timestamp(fo["fulfillAt"])
                until = at if until is None or at > until else until
    cancelled = node.get("cancelledAt")
    return OrderFacts(
        id=str(node["id"]),
        legacy_id=str(node["legacyResourceId"]) if node.get("legacyResourceId") else None,
        name=str(node.get("name") or ""),
        created_at=timestamp(node.get("createdAt")),
        updated_at=timestamp(node.get("updatedAt")),
        financial_status=str(node["displayFinancialStatus"]) if node.get("displayFinancialStatus") else None,
        cancelled_at=timestamp(cancelled) if cancelled else None,
        closed=bool(node.get("closed")),
        tags=tuple(str(t) for t in node.get("tags") or []),
        holds=tuple(dict.fromkeys(holds)),
        scheduled=scheduled,
        scheduled_until=until,
        risk_level=_risk(node),
    )


async def facts_page(
    transport: Transport, updated_since: datetime | None, open_only: bool, cursor: str | None, limit: int
) -> OrderFactsPage:
    """A page of facts, least recently updated first (cancelled and closed too unless open_only)."""
    query = OrderQuery(updated_since=updated_since, open_only=open_only, include_cancelled=not open_only)
    variables: dict[str, Any] = {
        "query": search_query(query) or None,
        "after": cursor,
        "fulfillmentOrdersFirst": FULFILLMENT_ORDERS_FIRST,
    }
    connection = await orders_connection(
        transport, documents.ORDER_FACTS_PAGE, "OrderFactsPage", variables, limit
    )
    has_next, end = page_info(connection)
    return OrderFactsPage(tuple(facts(n) for n in nodes(connection)), end if has_next else None)


async def facts_by_id(transport: Transport, order_ids: Sequence[str]) -> dict[str, OrderFacts]:
    """Facts of the named orders that exist, keyed by the caller's ids (batched `nodes(ids:)`)."""
    wanted = list(dict.fromkeys(gid("Order", i) for i in order_ids))
    found: dict[str, OrderFacts] = {}
    batch = MAX_PAGE
    while wanted:
        ids = wanted[:batch]
        try:
            data = await transport.execute(
                documents.ORDER_FACTS_BY_ID,
                {"ids": ids, "fulfillmentOrdersFirst": FULFILLMENT_ORDERS_FIRST},
                operation="OrderFactsById",
                idempotent=True,
            )
        except MaxCostExceededError as exc:
            if batch == 1:
                raise
            batch = max(1, shrunk(batch, exc.requested_cost))
            continue
        for node in data.get("nodes") or []:
            if isinstance(node, dict) and node.get("id"):
                parsed = facts(node)
                found[parsed.id] = parsed
        wanted = wanted[len(ids) :]
    return {i: found[gid("Order", i)] for i in order_ids if gid("Order", i) in found}
