"""Order read documents: pages by search, by id, extra line, list and fulfilment-line pages, ids by name."""

from __future__ import annotations

from typing import Final

from .fragments import (
    FULFILLMENT_FRAGMENT,
    LINE_ITEM_FRAGMENT,
    MONEY_FRAGMENT,
    ORDER_FRAGMENT,
    ORDER_SIZE_VARIABLES,
    TRANSACTION_FRAGMENT,
)

# --- orders: reads -------------------------------------------------------------------------

ORDERS_PAGE: Final = (
    """
query OrdersPage(
  $first: Int!
  $after: String
  $query: String
"""
    + ORDER_SIZE_VARIABLES
    + """
) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: false) {
    nodes { ...OrderFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + ORDER_FRAGMENT
)

ORDERS_BY_ID: Final = (
    """
query OrdersById(
  $ids: [ID!]!
"""
    + ORDER_SIZE_VARIABLES
    + """
) {
  nodes(ids: $ids) { ...OrderFields }
}
"""
    + ORDER_FRAGMENT
)

ORDER_LINE_ITEMS_PAGE: Final = (
    """
query OrderLineItemsPage($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: $first, after: $after) {
      nodes { ...LineItemFields }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
    + LINE_ITEM_FRAGMENT
    + MONEY_FRAGMENT
)

# An order's transactions and fulfilments in full, for an order whose first read came back with
# either plain list exactly at its `first` size (the lists have no pageInfo: it may be truncated).
ORDER_LISTS: Final = (
    """
query OrderLists(
  $id: ID!
  $transactionsFirst: Int!
  $fulfillmentsFirst: Int!
  $fulfillmentLinesFirst: Int!
) {
  order(id: $id) {
    id
    transactions(first: $transactionsFirst) { ...TransactionFields }
    fulfillments(first: $fulfillmentsFirst) { ...FulfillmentFields }
  }
}
"""
    + TRANSACTION_FRAGMENT
    + FULFILLMENT_FRAGMENT
    + MONEY_FRAGMENT
)

# The rest of a fulfilment's line items, after the first nested page.
FULFILLMENT_LINES_PAGE: Final = """
query FulfillmentLinesPage($id: ID!, $first: Int!, $after: String) {
  node(id: $id) {
    ... on Fulfillment {
      id
      fulfillmentLineItems(first: $first, after: $after) {
        nodes { quantity lineItem { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

# Existence only: `nodes` costs one point per id, against ~180 for a full order document.
ORDER_IDS_BY_ID: Final = """
query OrderIdsById($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Order { id } }
}
"""

ORDER_IDS_BY_QUERY: Final = """
query OrderIdsByQuery($query: String!, $first: Int!) {
  orders(first: $first, query: $query) { nodes { id name legacyResourceId } }
}
"""
