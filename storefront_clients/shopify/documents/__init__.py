"""Every GraphQL document the Shopify client sends, in one place (read by the client and the sandbox).

Each constant is a complete document (operation + the fragments it uses), validated against the
shipped 2026-07 and 2026-10 schemas by the test suite. Nested page sizes are variables so the
client can size them to keep a query's requested cost under Shopify's 1,000-point ceiling.
``ALL`` maps each operation name to its document.
"""

from __future__ import annotations

from typing import Final

from .catalog import (
    BULK_OPERATION,
    BULK_RUN_QUERY,
    BULK_VARIANTS_QUERY,
    INVENTORY_LEVELS,
    INVENTORY_SET_QUANTITIES,
    PRODUCT_SET,
    SHOP_INFO,
    VARIANTS_BY_SKU,
    VARIANTS_PAGE,
)
from .fragments import (
    ADDRESS_FRAGMENT,
    FULFILLMENT_FRAGMENT,
    LINE_ITEM_FRAGMENT,
    MONEY_FRAGMENT,
    ORDER_FRAGMENT,
    ORDER_SIZE_VARIABLES,
    TRANSACTION_FRAGMENT,
)
from .order_reads import (
    ORDER_IDS_BY_QUERY,
    ORDER_LINE_ITEMS_PAGE,
    ORDER_SUMMARIES,
    ORDERS_BY_ID,
    ORDERS_PAGE,
)
from .order_sync import ORDER_FACTS_BY_ID, ORDER_FACTS_FRAGMENT, ORDER_FACTS_PAGE
from .order_writes import (
    FULFILLMENT_CREATE,
    FULFILLMENT_ORDERS,
    FULFILLMENT_TRACKING_UPDATE,
    JOB,
    ORDER_CANCEL,
    ORDER_CAPTURE,
    ORDER_CLOSE,
    ORDER_EDIT_ADD_VARIANT,
    ORDER_EDIT_BEGIN,
    ORDER_EDIT_COMMIT,
    ORDER_EDIT_SET_QUANTITY,
    ORDER_MARK_AS_PAID,
    REFUND_CREATE,
    SUGGESTED_REFUND,
    TAGS_ADD,
)
from .webhooks import FULFILLMENT_ORDER_OWNERS, WEBHOOK_SUBSCRIPTION_CREATE, WEBHOOK_SUBSCRIPTIONS

ALL: Final[dict[str, str]] = {
    "ShopInfo": SHOP_INFO,
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
    "OrderSummaries": ORDER_SUMMARIES,
    "OrderFactsPage": ORDER_FACTS_PAGE,
    "OrderFactsById": ORDER_FACTS_BY_ID,
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
    "WebhookSubscriptions": WEBHOOK_SUBSCRIPTIONS,
    "WebhookSubscriptionCreate": WEBHOOK_SUBSCRIPTION_CREATE,
    "FulfillmentOrderOwners": FULFILLMENT_ORDER_OWNERS,
}

__all__ = [
    "ADDRESS_FRAGMENT",
    "ALL",
    "BULK_OPERATION",
    "BULK_RUN_QUERY",
    "BULK_VARIANTS_QUERY",
    "FULFILLMENT_CREATE",
    "FULFILLMENT_FRAGMENT",
    "FULFILLMENT_ORDERS",
    "FULFILLMENT_ORDER_OWNERS",
    "FULFILLMENT_TRACKING_UPDATE",
    "INVENTORY_LEVELS",
    "INVENTORY_SET_QUANTITIES",
    "JOB",
    "LINE_ITEM_FRAGMENT",
    "LOCATION",
    "MONEY_FRAGMENT",
    "ORDERS_BY_ID",
    "ORDERS_PAGE",
    "ORDER_CANCEL",
    "ORDER_CAPTURE",
    "ORDER_CLOSE",
    "ORDER_EDIT_ADD_VARIANT",
    "ORDER_EDIT_BEGIN",
    "ORDER_EDIT_COMMIT",
    "ORDER_EDIT_SET_QUANTITY",
    "ORDER_FACTS_BY_ID",
    "ORDER_FACTS_FRAGMENT",
    "ORDER_FACTS_PAGE",
    "ORDER_FRAGMENT",
    "ORDER_IDS_BY_QUERY",
    "ORDER_LINE_ITEMS_PAGE",
    "ORDER_MARK_AS_PAID",
    "ORDER_SIZE_VARIABLES",
    "ORDER_SUMMARIES",
    "PRODUCT_SET",
    "REFUND_CREATE",
    "SHOP_INFO",
    "SUGGESTED_REFUND",
    "TAGS_ADD",
    "TRANSACTION_FRAGMENT",
    "VARIANTS_BY_SKU",
    "VARIANTS_PAGE",
    "WEBHOOK_SUBSCRIPTIONS",
    "WEBHOOK_SUBSCRIPTION_CREATE",
]
