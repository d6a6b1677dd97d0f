"""Request-side order structures RetailOps sends back to the channel (shipments, packages, the
order "writeback" with its items, returns and payments); used by the request models."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from connector.retailops.base import RequestModel
from connector.retailops.scalars import (
    Bool,
    CurrencyCode,
    DateTimeText,
    Int,
    Items,
    LenientBool,
    Money,
    NullableText,
    PaymentProcessingType,
    Quantity,
    Refnum,
    Sku,
    Text,
)

__all__ = [
    "OrderItem",
    "Package",
    "PackageItem",
    "Payment",
    "PaymentTransaction",
    "ReturnInfo",
    "ReturnItem",
    "Shipment",
    "UnshippedItem",
    "UpdatedOrderItem",
    "WritebackOrder",
]


class PackageItem(RequestModel):
    """`packages[].package_items[]`: how many of one order line went into a package."""

    sku: Sku | None = None
    retailops_order_item_id: Int | None = None
    retailops_shipment_item_id: Int | None = None
    channel_item_refnum: Refnum | None = None
    quantity: Quantity | None = None


class Package(RequestModel):
    """`shipments[].packages[]`: one parcel with carrier, tracking number and ship date."""

    retailops_package_id: Int | None = None
    carrier_name: Text | None = None
    carrier_class_name: Text | None = None
    channel_ship_code: Text | None = None
    tracking_number: Text | None = None
    weight_kg: Money | None = None
    # Schema type is plain string; parsed to an aware datetime (naive means UTC).
    date_shipped: DateTimeText = None
    package_items: Items[PackageItem] | None = None


class Shipment(RequestModel):
    """One RetailOps shipment (a routing-plan portion, usually one facility) and its packages."""

    retailops_shipment_id: Int | None = None
    packages: Items[Package] | None = None


class UnshippedItem(RequestModel):
    """`order.unshipped_items[]`: quantities still unshipped when RetailOps completes an order."""

    channel_item_refnum: Refnum | None = None
    sku: Sku | None = None
    ordered_quantity: Quantity | None = None
    unshipped_quantity: Quantity | None = None
    effective_unit_price: Money | None = None
    effective_extended_price: Money | None = None


class OrderItem(RequestModel):
    """`order.order_items[]` in order_complete / order_returned / order_settle_payment.

    Their schemas type `removed` as `"type": "string", "enum": [true, false]`, which is
    unsatisfiable as written; a JSON boolean or "true"/"false"/"1"/"0" is accepted as a bool.
    """

    channel_item_refnum: Refnum | None = None
    sku: Sku | None = None
    apportioned_ship_amt: Money | None = None
    order_item_id: Int | None = None
    direct_ship_amt: Money | None = None
    estimated_cost: Money | None = None
    estimated_unit_cost: Money | None = None
    quantity: Quantity | None = None
    unit_price: Money | None = None
    estimated_extended_cost: Money | None = None
    estimated_ship_date: DateTimeText = None
    removed: LenientBool | None = None


class UpdatedOrderItem(OrderItem):
    """`order.order_items[]` in order_update, whose schema types `removed` as a real boolean."""

    removed: Bool | None = None


ItemT = TypeVar("ItemT", bound=OrderItem)


class WritebackOrder(RequestModel, Generic[ItemT]):
    """The order as RetailOps sees it (refnum, id, totals, items, unshipped items, shipments).

    Generic over the item model because order_update's `removed` is a boolean while the other
    actions' schemas declare it as a string.
    """

    channel_order_refnum: Refnum | None = None
    retailops_order_id: Int | None = None
    grand_total: Money | None = None
    order_items: Items[ItemT] | None = None
    unshipped_items: Items[UnshippedItem] | None = None
    shipments: Items[Shipment] | None = None


class ReturnItem(RequestModel):
    """`return.items[]` / `rmas[].items[]`: one credited line of a return."""

    retailops_item_id: Int | None = None
    channel_item_refnum: Refnum | None = None
    sku: Sku | None = None
    quantity: Quantity | None = None
    reason: Text | None = None
    item_shipping_tax_amt: Money | None = None
    tax_amt: Money | None = None
    shipping_amt: Money | None = None
    restock_fee_amt: Money | None = None
    giftwrap_amt: Money | None = None
    product_amt: Money | None = None
    recycling_amt: Money | None = None
    subtotal_amt: Money | None = None
    credit_amt: Money | None = None
    giftwrap_tax_amt: Money | None = None


class ReturnInfo(RequestModel):
    """order_returned `return` and order_update `rmas[]`: a RetailOps return and its amounts.

    `retailops_rma_id` may arrive as the string "null" (official example); that becomes None.
    `shipping_amt` is declared `integer` in the schema, unlike every other amount; it is parsed
    as money (any integer is accepted, and so is a fractional amount RetailOps may well send).
    """

    retailops_return_id: Int | None = None
    retailops_rma_id: NullableText = None
    product_amt: Money | None = None
    subtotal_amt: Money | None = None
    discount_amt: Money | None = None
    shipping_amt: Money | None = None
    tax_amt: Money | None = None
    refund_amt: Money | None = None
    refund_action: Text | None = None
    items: Items[ReturnItem] | None = None


class PaymentTransaction(RequestModel):
    """`payment.payment_transactions[]` in order_settle_payment."""

    payment_processing_type: PaymentProcessingType | None = None
    transaction_type: Literal["auth", "charge"] | None = None
    payment_type: Text | None = None
    amount: Money | None = None


class Payment(RequestModel):
    """order_settle_payment `payment`: currency, payment series and its transactions."""

    currency_code: CurrencyCode | None = None
    payment_series_id: Int | None = None
    payment_transactions: Items[PaymentTransaction] | None = None
