"""Every GraphQL document the Shopify client sends, in one place (read by the client and the sandbox).

Each constant is a complete document (operation + the fragments it uses), validated against the
shipped 2026-07 and 2026-10 schemas by the test suite. Nested page sizes are variables so the
client can size them to keep a query's requested cost under Shopify's 1,000-point ceiling.
"""

from __future__ import annotations

from typing import Final

# --- fragments -----------------------------------------------------------------------------

MONEY_FRAGMENT: Final = """
fragment Money on MoneyBag {
  shopMoney { amount currencyCode }
  presentmentMoney { amount currencyCode }
}
"""

ADDRESS_FRAGMENT: Final = """
fragment Address on MailingAddress {
  firstName lastName name company address1 address2 city
  province provinceCode countryCodeV2 zip phone
}
"""

TRANSACTION_FRAGMENT: Final = """
fragment TransactionFields on OrderTransaction {
  id kind status gateway manualPaymentGateway createdAt
  amountSet { ...Money }
  totalUnsettledSet { ...Money }
  parentTransaction { id }
  paymentDetails { ... on CardPaymentDetails { company } }
}
"""

FULFILLMENT_FRAGMENT: Final = """
fragment FulfillmentFields on Fulfillment {
  id status
  trackingInfo(first: 5) { number company url }
  fulfillmentLineItems(first: $fulfillmentLinesFirst) {
    nodes { quantity lineItem { id } }
  }
}
"""

LINE_ITEM_FRAGMENT: Final = """
fragment LineItemFields on LineItem {
  id title quantity currentQuantity unfulfilledQuantity sku variantTitle
  requiresShipping isGiftCard
  variant { id selectedOptions { name value } }
  originalUnitPriceSet { ...Money }
  totalDiscountSet { ...Money }
  taxLines { rate priceSet { ...Money } }
  customAttributes { key value }
}
"""

# The order as the connector reads it; page sizes of nested connections are variables.
ORDER_FRAGMENT: Final = (
    """
fragment OrderFields on Order {
  id legacyResourceId name createdAt updatedAt cancelledAt closed
  currencyCode presentmentCurrencyCode
  displayFinancialStatus displayFulfillmentStatus
  email phone note tags clientIp
  customAttributes { key value }
  billingAddress { ...Address }
  shippingAddress { ...Address }
  currentTotalPriceSet { ...Money }
  currentTotalTaxSet { ...Money }
  currentTotalDiscountsSet { ...Money }
  currentShippingPriceSet { ...Money }
  totalOutstandingSet { ...Money }
  shippingLines(first: $shippingLinesFirst) {
    nodes {
      title code
      originalPriceSet { ...Money }
      discountedPriceSet { ...Money }
      taxLines { priceSet { ...Money } }
    }
  }
  transactions(first: $transactionsFirst) { ...TransactionFields }
  fulfillments(first: $fulfillmentsFirst) { ...FulfillmentFields }
  lineItems(first: $lineItemsFirst) {
    nodes { ...LineItemFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + LINE_ITEM_FRAGMENT
    + TRANSACTION_FRAGMENT
    + FULFILLMENT_FRAGMENT
    + ADDRESS_FRAGMENT
    + MONEY_FRAGMENT
)

ORDER_SIZE_VARIABLES: Final = """
  $lineItemsFirst: Int!
  $transactionsFirst: Int!
  $fulfillmentsFirst: Int!
  $fulfillmentLinesFirst: Int!
  $shippingLinesFirst: Int!
"""

# --- shop --------------------------------------------------------------------------------

SHOP_INFO: Final = """
query ShopInfo($first: Int!, $after: String) {
  shop { name currencyCode }
  primary: location { id name isActive }
  locations(first: $first, after: $after, includeInactive: true) {
    nodes { id name isActive }
    pageInfo { hasNextPage endCursor }
  }
}
"""

LOCATION: Final = """
query Location($id: ID!) {
  location(id: $id) { id name isActive }
}
"""

# --- catalog -----------------------------------------------------------------------------

VARIANT_FIELDS: Final = """
fragment VariantRefFields on ProductVariant {
  id sku
  product { id }
  inventoryItem { id tracked }
}
"""

VARIANTS_BY_SKU: Final = (
    """
query VariantsBySku($first: Int!, $after: String, $query: String!) {
  productVariants(first: $first, after: $after, query: $query) {
    nodes { ...VariantRefFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + VARIANT_FIELDS
)

VARIANTS_PAGE: Final = (
    """
query VariantsPage($first: Int!, $after: String) {
  productVariants(first: $first, after: $after, sortKey: ID) {
    nodes { ...VariantRefFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + VARIANT_FIELDS
)

# The query a bulk operation runs (sent as a string argument, not executed directly).
BULK_VARIANTS_QUERY: Final = """
{
  productVariants {
    edges {
      node {
        id sku
        product { id }
        inventoryItem { id tracked }
      }
    }
  }
}
"""

BULK_OPERATION_FIELDS: Final = """
fragment BulkOperationFields on BulkOperation {
  id status errorCode objectCount url partialDataUrl
}
"""

BULK_RUN_QUERY: Final = (
    """
mutation BulkRunQuery($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) {
    bulkOperation { ...BulkOperationFields }
    userErrors { code field message }
  }
}
"""
    + BULK_OPERATION_FIELDS
)

BULK_OPERATION: Final = (
    """
query BulkOperationPoll($id: ID!) {
  node(id: $id) { ...BulkOperationFields }
}
"""
    + BULK_OPERATION_FIELDS
)

PRODUCT_SET: Final = (
    """
mutation ProductSet(
  $input: ProductSetInput!
  $identifier: ProductSetIdentifiers
  $variantsFirst: Int!
) {
  productSet(input: $input, identifier: $identifier, synchronous: true) {
    product {
      id handle
      variants(first: $variantsFirst) { nodes { ...VariantRefFields } }
    }
    productSetOperation { id status userErrors { code field message } }
    userErrors { code field message }
  }
}
"""
    + VARIANT_FIELDS
)

# --- inventory ---------------------------------------------------------------------------

INVENTORY_SET_QUANTITIES: Final = """
mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}
"""

INVENTORY_LEVELS: Final = """
query InventoryLevels($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) {
        quantities(names: ["available"]) { name quantity }
      }
    }
  }
}
"""

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

ORDER_IDS_BY_QUERY: Final = """
query OrderIdsByQuery($query: String!, $first: Int!) {
  orders(first: $first, query: $query) { nodes { id name legacyResourceId } }
}
"""

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
    allowDuplicates: true
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

FULFILLMENT_ORDERS: Final = """
query FulfillmentOrders($id: ID!, $first: Int!, $linesFirst: Int!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: $first) {
      nodes {
        id status
        assignedLocation { location { id } }
        lineItems(first: $linesFirst) {
          nodes { id remainingQuantity lineItem { id } }
        }
      }
    }
  }
}
"""

FULFILLMENT_CREATE: Final = """
mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $linesFirst: Int!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment {
      id status
      trackingInfo(first: 5) { number company url }
      fulfillmentLineItems(first: $linesFirst) { nodes { quantity lineItem { id } } }
    }
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
ALL: Final[dict[str, str]] = {
    "ShopInfo": SHOP_INFO,
    "Location": LOCATION,
    "VariantsBySku": VARIANTS_BY_SKU,
    "VariantsPage": VARIANTS_PAGE,
    "BulkVariants": BULK_VARIANTS_QUERY,
    "BulkRunQuery": BULK_RUN_QUERY,
    "BulkOperationPoll": BULK_OPERATION,
    "ProductSet": PRODUCT_SET,
    "InventorySetQuantities": INVENTORY_SET_QUANTITIES,
    "InventoryLevels": INVENTORY_LEVELS,
    "OrdersPage": ORDERS_PAGE,
    "OrdersById": ORDERS_BY_ID,
    "OrderLineItemsPage": ORDER_LINE_ITEMS_PAGE,
    "OrderIdsByQuery": ORDER_IDS_BY_QUERY,
    "TagsAdd": TAGS_ADD,
    "OrderEditBegin": ORDER_EDIT_BEGIN,
    "OrderEditSetQuantity": ORDER_EDIT_SET_QUANTITY,
    "OrderEditAddVariant": ORDER_EDIT_ADD_VARIANT,
    "OrderEditCommit": ORDER_EDIT_COMMIT,
    "OrderCancel": ORDER_CANCEL,
    "Job": JOB,
    "FulfillmentOrders": FULFILLMENT_ORDERS,
    "FulfillmentCreate": FULFILLMENT_CREATE,
    "FulfillmentTrackingInfoUpdate": FULFILLMENT_TRACKING_UPDATE,
    "OrderClose": ORDER_CLOSE,
    "OrderCapture": ORDER_CAPTURE,
    "OrderMarkAsPaid": ORDER_MARK_AS_PAID,
    "SuggestedRefund": SUGGESTED_REFUND,
    "RefundCreate": REFUND_CREATE,
}
