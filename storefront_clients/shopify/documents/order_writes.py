"""Order write documents: tags, edits, cancel + job, fulfillment, close, payments, refunds."""

from __future__ import annotations

from typing import Final

from .fragments import MONEY_FRAGMENT, ORDER_FRAGMENT, ORDER_SIZE_VARIABLES, TRANSACTION_FRAGMENT

# --- orders: writes ----------------------------------------------------------------------

TAGS_ADD: Final = """
mutation TagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) {
    node { id }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_BEGIN: Final = """
mutation OrderEditBegin($id: ID!, $first: Int!) {
  orderEditBegin(id: $id) {
    calculatedOrder {
      id
      lineItems(first: $first) { nodes { id quantity editableQuantity variant { id } } }
    }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_SET_QUANTITY: Final = """
mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
  orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
    calculatedLineItem { id quantity }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_ADD_VARIANT: Final = """
mutation OrderEditAddVariant(
  $id: ID!
  $variantId: ID!
  $quantity: Int!
  $locationId: ID
) {
  orderEditAddVariant(
    id: $id
    variantId: $variantId
    quantity: $quantity
    locationId: $locationId
    allowDuplicates: false
  ) {
    calculatedLineItem { id quantity }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_COMMIT: Final = (
    """
mutation OrderEditCommit(
  $id: ID!
  $notifyCustomer: Boolean
  $staffNote: String
"""
    + ORDER_SIZE_VARIABLES
    + """
) {
  orderEditCommit(id: $id, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    order { ...OrderFields }
    userErrors { field message }
  }
}
"""
    + ORDER_FRAGMENT
)

ORDER_CANCEL: Final = """
mutation OrderCancel(
  $orderId: ID!
  $reason: OrderCancelReason!
  $restock: Boolean!
  $notifyCustomer: Boolean
  $staffNote: String
  $refundMethod: OrderCancelRefundMethodInput
) {
  orderCancel(
    orderId: $orderId
    reason: $reason
    restock: $restock
    notifyCustomer: $notifyCustomer
    staffNote: $staffNote
    refundMethod: $refundMethod
  ) {
    job { id done }
    orderCancelUserErrors { code field message }
  }
}
"""

JOB: Final = """
query Job($id: ID!) {
  job(id: $id) { id done }
}
"""

FULFILLMENT_ORDER_MOVE: Final = """
mutation FulfillmentOrderMove(
  $id: ID!
  $newLocationId: ID!
  $fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
) {
  fulfillmentOrderMove(
    id: $id
    newLocationId: $newLocationId
    fulfillmentOrderLineItems: $fulfillmentOrderLineItems
  ) {
    movedFulfillmentOrder { id status assignedLocation { location { id } } }
    userErrors { field message code }
  }
}
"""

FULFILLMENT_CREATE: Final = """
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    # The id only: the payload's lists would cost points on every shipment and the caller knows
    # what it sent (a mutation costs 10 plus what its payload selects below the first level).
    fulfillment { id status }
    userErrors { field message }
  }
}
"""

FULFILLMENT_TRACKING_UPDATE: Final = """
mutation FulfillmentTrackingInfoUpdate(
  $fulfillmentId: ID!
  $trackingInfoInput: FulfillmentTrackingInput!
  $notifyCustomer: Boolean
) {
  fulfillmentTrackingInfoUpdate(
    fulfillmentId: $fulfillmentId
    trackingInfoInput: $trackingInfoInput
    notifyCustomer: $notifyCustomer
  ) {
    fulfillment { id }
    userErrors { field message }
  }
}
"""

ORDER_CLOSE: Final = """
mutation OrderClose($input: OrderCloseInput!) {
  orderClose(input: $input) {
    order { id closed }
    userErrors { field message }
  }
}
"""

ORDER_CAPTURE: Final = (
    """
mutation OrderCapture($input: OrderCaptureInput!) {
  orderCapture(input: $input) {
    transaction { ...TransactionFields }
    userErrors { field message }
  }
}
"""
    + TRANSACTION_FRAGMENT
    + MONEY_FRAGMENT
)

ORDER_MARK_AS_PAID: Final = """
mutation OrderMarkAsPaid($input: OrderMarkAsPaidInput!) {
  orderMarkAsPaid(input: $input) {
    order { id displayFinancialStatus }
    userErrors { field message }
  }
}
"""

SUGGESTED_REFUND: Final = (
    """
query SuggestedRefund(
  $id: ID!
  $refundLineItems: [RefundLineItemInput!]
  $shippingAmount: Money
  $refundShipping: Boolean
) {
  order(id: $id) {
    id currencyCode presentmentCurrencyCode
    suggestedRefund(
      refundLineItems: $refundLineItems
      shippingAmount: $shippingAmount
      refundShipping: $refundShipping
    ) {
      amountSet { ...Money }
      suggestedTransactions {
        gateway kind
        amountSet { ...Money }
        maximumRefundableSet { ...Money }
        parentTransaction { id }
      }
    }
  }
}
"""
    + MONEY_FRAGMENT
)

ORDER_REFUNDS: Final = (
    """
query OrderRefunds($id: ID!, $first: Int!) {
  order(id: $id) {
    id
    refunds(first: $first) { id note totalRefundedSet { ...Money } }
  }
}
"""
    + MONEY_FRAGMENT
)

REFUND_CREATE: Final = (
    """
mutation RefundCreate($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund {
      id
      totalRefundedSet { ...Money }
    }
    userErrors { field message }
  }
}
"""
    + MONEY_FRAGMENT
)

# Every document the client may send, by operation name: the schema test walks this.
