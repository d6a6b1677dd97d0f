"""Shipment read documents: line ids, fulfilments, fulfillment orders and their pages; applied states."""

from __future__ import annotations

from typing import Final

from .fragments import FULFILLMENT_FRAGMENT

FULFILLMENT_ORDER_FRAGMENT: Final = """
fragment FulfillmentOrderFields on FulfillmentOrder {
  id status fulfillAt
  supportedActions { action }
  fulfillmentHolds { reason reasonNotes displayReason }
  assignedLocation { name location { id isFulfillmentService } }
  lineItems(first: $fulfillmentOrderLinesFirst) {
    nodes { id remainingQuantity lineItem { id } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

# What shipping a package decides on, in one read: a fraction of the full order document's cost.
ORDER_SHIPPING: Final = (
    """
query OrderShipping(
  $id: ID!
  $lineItemsFirst: Int!
  $fulfillmentsFirst: Int!
  $fulfillmentLinesFirst: Int!
  $fulfillmentOrdersFirst: Int!
  $fulfillmentOrderLinesFirst: Int!
) {
  order(id: $id) {
    id
    lineItems(first: $lineItemsFirst) {
      nodes { id }
      pageInfo { hasNextPage endCursor }
    }
    fulfillments(first: $fulfillmentsFirst) { ...FulfillmentFields }
    fulfillmentOrders(first: $fulfillmentOrdersFirst) {
      nodes { ...FulfillmentOrderFields }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
    + FULFILLMENT_FRAGMENT
    + FULFILLMENT_ORDER_FRAGMENT
)

FULFILLMENT_ORDERS: Final = (
    """
query FulfillmentOrders(
  $id: ID!
  $first: Int!
  $after: String
  $fulfillmentOrderLinesFirst: Int!
) {
  order(id: $id) {
    id
    fulfillmentOrders(first: $first, after: $after) {
      nodes { ...FulfillmentOrderFields }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
    + FULFILLMENT_ORDER_FRAGMENT
)

FULFILLMENT_ORDER_LINES_PAGE: Final = """
query FulfillmentOrderLinesPage($id: ID!, $first: Int!, $after: String) {
  node(id: $id) {
    ... on FulfillmentOrder {
      id
      lineItems(first: $first, after: $after) {
        nodes { id remainingQuantity lineItem { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

ORDER_LINE_IDS_PAGE: Final = """
query OrderLineIdsPage($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: $first, after: $after) {
      nodes { id }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""

# What reconciliation checks, many orders per query: cancelled or not, fulfilments and tracking.
ORDER_STATES_BY_ID: Final = """
query OrderStatesById($ids: [ID!]!, $fulfillmentsFirst: Int!) {
  nodes(ids: $ids) {
    ... on Order {
      id cancelledAt
      fulfillments(first: $fulfillmentsFirst) { id trackingInfo(first: 5) { number company url } }
    }
  }
}
"""

# An order's fulfilments again, longer: the list has no pageInfo, so one read exactly at its
# `first` size may have been truncated.
ORDER_FULFILLMENTS: Final = (
    """
query OrderFulfillments($id: ID!, $fulfillmentsFirst: Int!, $fulfillmentLinesFirst: Int!) {
  order(id: $id) {
    id
    fulfillments(first: $fulfillmentsFirst) { ...FulfillmentFields }
  }
}
"""
    + FULFILLMENT_FRAGMENT
)
