"""Order sync documents: the lean readiness facts of orders, by updated_at page or by id."""

from __future__ import annotations

from typing import Final

# Only what the readiness gate and the mirror's bookkeeping need; the full order is read by id
# (OrdersById) for the orders that can be offered.
ORDER_FACTS_FRAGMENT: Final = """
fragment OrderFacts on Order {
  id legacyResourceId name createdAt updatedAt cancelledAt closed
  displayFinancialStatus tags
  risk { recommendation assessments { riskLevel } }
  fulfillmentOrders(first: $fulfillmentOrdersFirst) {
    nodes { status fulfillAt fulfillmentHolds { reason } }
  }
}
"""

ORDER_FACTS_PAGE: Final = (
    """
query OrderFactsPage($first: Int!, $after: String, $query: String, $fulfillmentOrdersFirst: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT, reverse: false) {
    nodes { ...OrderFacts }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + ORDER_FACTS_FRAGMENT
)

ORDER_FACTS_BY_ID: Final = (
    """
query OrderFactsById($ids: [ID!]!, $fulfillmentOrdersFirst: Int!) {
  nodes(ids: $ids) { ...OrderFacts }
}
"""
    + ORDER_FACTS_FRAGMENT
)
