"""The order structure order_pull answers with (addresses, items, payments, customer, attributes);
built by the order_pull action from storefront orders."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from connector.retailops.base import OutDateTime, ResponseModel
from connector.retailops.scalars import Bool, CurrencyCode, Int, Money, PaymentProcessingType, Text

__all__ = [
    "ATTRIBUTE_TEXT_MAX",
    "Address",
    "CustomerInfo",
    "ItemCurrencyValues",
    "ItemOption",
    "Order",
    "OrderAttribute",
    "OrderCurrencyValues",
    "OrderLine",
    "OrderPaymentTransaction",
]

ATTRIBUTE_TEXT_MAX = 100  # schema maxLength of attributes[].handle and attributes[].value
ATTRIBUTE_TEXT_MIN = 2  # schema minLength of the same
MAX_TAGS = 100  # schema maxItems of orders[].tags

AttributeText = Annotated[
    str,
    StringConstraints(strict=True, min_length=ATTRIBUTE_TEXT_MIN, max_length=ATTRIBUTE_TEXT_MAX),
]


class Address(ResponseModel):
    """`billing_address` / `shipping_address`; state and country are matched by name or code."""

    first_name: Text | None = None
    last_name: Text | None = None
    company: Text | None = None
    address1: Text | None = None
    address2: Text | None = None
    city: Text | None = None
    state_match: Text | None = None
    postal_code: Text | None = None
    country_match: Text | None = None
    phone_number: Text | None = None


class OrderCurrencyValues(ResponseModel):
    """Order-level `currency_values`: shipping, tax and discount totals."""

    shipping_amt: Money | None = None
    tax_amt: Money | None = None
    discount_amt: Money | None = None


class ItemCurrencyValues(ResponseModel):
    """Line-level `currency_values`: unit price, tax, shipping and discount of one order line."""

    discount_amt: Money | None = None
    discount_pct: Money | None = None
    recycling_amt: Money | None = None
    ship_amt: Money | None = None
    shiptax_amt: Money | None = None
    unit_price: Money | None = None
    unit_tax: Money | None = None
    unit_tax_pct: Money | None = None
    vat_pct: Money | None = None


class ItemOption(ResponseModel):
    """`order_items[].options[]`: a personalisation or line property (text, bool or image)."""

    type: Literal["text", "bool", "image"] | None = None
    name: Text | None = None
    value: Text | None = None
    code: Text | None = None


class OrderLine(ResponseModel):
    """`orders[].order_items[]`: one line of a pulled order."""

    channel_item_refnum: Text | None = None
    sku: Text | None = None
    sku_description: Text | None = None
    quantity: Int | None = None
    item_type: Literal["ship", "advisory", "instore"] | None = None
    currency_values: ItemCurrencyValues | None = None
    options: list[ItemOption] | None = None


class OrderPaymentTransaction(ResponseModel):
    """`orders[].payment_transactions[]`: what the customer paid and how."""

    payment_processing_type: PaymentProcessingType | None = None
    transaction_type: Literal["auth", "charge", "capture", "giftcard"] | None = None
    payment_type: Text | None = None
    amount: Money | None = None
    message: Text | None = None


class CustomerInfo(ResponseModel):
    """`orders[].customer_info`."""

    email_address: Text | None = None
    full_name: Text | None = None
    phone_number: Text | None = None


class OrderAttribute(ResponseModel):
    """`orders[].attributes[]`: handle and value must be 2-100 characters (schema limits)."""

    attribute_type: Literal["text", "number", "select", "multiselect"] | None = None
    handle: AttributeText | None = None
    value: AttributeText | None = None

    @classmethod
    def fitted(
        cls,
        handle: str,
        value: str,
        attribute_type: Literal["text", "number", "select", "multiselect"] = "text",
    ) -> OrderAttribute | None:
        """An attribute with both texts cut to 100 characters, or None if either is under 2.

        For mapping storefront note attributes, whose lengths the connector does not control.
        """
        handle, value = handle[:ATTRIBUTE_TEXT_MAX], value[:ATTRIBUTE_TEXT_MAX]
        if len(handle) < ATTRIBUTE_TEXT_MIN or len(value) < ATTRIBUTE_TEXT_MIN:
            return None
        return cls(attribute_type=attribute_type, handle=handle, value=value)


class Order(ResponseModel):
    """`orders[]` of order_pull: one channel order for RetailOps to import.

    `channel_order_refnum` is required here (the schema leaves it optional) because RetailOps
    acknowledges, ships and completes orders by it.
    """

    channel_order_refnum: Text
    channel_date_created: OutDateTime | None = None
    currency_code: CurrencyCode | None = None
    currency_values: OrderCurrencyValues | None = None
    ship_service_code: Annotated[str, StringConstraints(strict=True, min_length=1)] | None = None
    cancel: Bool | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    order_items: list[OrderLine] | None = None
    gift_message: Text | None = None
    payment_transactions: list[OrderPaymentTransaction] | None = None
    customer_info: CustomerInfo | None = None
    attributes: list[OrderAttribute] | None = None
    tags: list[Text] | None = Field(default=None, max_length=MAX_TAGS)
    ip_address: Text | None = None
