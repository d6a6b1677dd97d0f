"""Fragments shared by the order, transaction and money selections of several documents."""

from __future__ import annotations

from typing import Final

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
  id kind status gateway manualPaymentGateway createdAt multiCapturable
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
    pageInfo { hasNextPage endCursor }
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
