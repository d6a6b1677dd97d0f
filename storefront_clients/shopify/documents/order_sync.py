"""Order sync documents: the lean readiness facts of orders, by updated_at page or by id."""

from __future__ import annotations

import json
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

# --- bulk export -------------------------------------------------------------------------

_MONEY = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
_ADDRESS = (
    "{ firstName lastName name company address1 address2 city province provinceCode countryCodeV2 zip phone }"
)

# The facts above plus what the order mapping reads (ORDER_FRAGMENT without fulfillments, which
# the mapping does not use), for bulkOperationRunQuery. Bulk rules (shopify.dev "Perform bulk
# operations with the GraphQL Admin API"): at most five connections, nested at most two levels;
# the captured validators add: selected through edges > node, a nested connection's parent selects
# `id`. No page sizes are given: an export reads every item of every connection.
# Fields are written inline (no fragments) and every child node selects `id`: JSONL child rows
# carry only `__parentId`, so the id's type tells which connection a row came from.
BULK_ORDERS_TEMPLATE: Final = f"""
{{
  orders(QUERY_ARGUMENT sortKey: UPDATED_AT) {{
    edges {{
      node {{
        id legacyResourceId name createdAt updatedAt cancelledAt closed
        currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus
        email phone note tags clientIp
        customAttributes {{ key value }}
        billingAddress {_ADDRESS}
        shippingAddress {_ADDRESS}
        currentTotalPriceSet {_MONEY}
        currentTotalTaxSet {_MONEY}
        currentTotalDiscountsSet {_MONEY}
        currentShippingPriceSet {_MONEY}
        totalOutstandingSet {_MONEY}
        risk {{ recommendation assessments {{ riskLevel }} }}
        transactions {{
          id kind status gateway manualPaymentGateway createdAt multiCapturable
          amountSet {_MONEY}
          totalUnsettledSet {_MONEY}
          parentTransaction {{ id }}
          paymentDetails {{ ... on CardPaymentDetails {{ company }} }}
        }}
        shippingLines {{
          edges {{
            node {{
              id title code
              originalPriceSet {_MONEY}
              discountedPriceSet {_MONEY}
              taxLines {{ priceSet {_MONEY} }}
            }}
          }}
        }}
        lineItems {{
          edges {{
            node {{
              id title quantity currentQuantity unfulfilledQuantity sku variantTitle
              requiresShipping isGiftCard
              variant {{ id selectedOptions {{ name value }} }}
              originalUnitPriceSet {_MONEY}
              totalDiscountSet {_MONEY}
              taxLines {{ rate priceSet {_MONEY} }}
              customAttributes {{ key value }}
            }}
          }}
        }}
        fulfillmentOrders {{
          edges {{ node {{ id status fulfillAt fulfillmentHolds {{ reason }} }} }}
        }}
      }}
    }}
  }}
}}
"""


def bulk_orders_query(search: str | None) -> str:
    """The bulk export document for orders matching Shopify search `search` (all orders when None)."""
    # json.dumps gives a valid GraphQL string literal (same escapes; non-ASCII as \uXXXX).
    argument = f"query: {json.dumps(search)}," if search else ""
    return BULK_ORDERS_TEMPLATE.replace("QUERY_ARGUMENT", argument)
