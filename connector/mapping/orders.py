"""StoreOrder → RetailOps order (order_pull): every field of the schema; see docs/mapping/order_pull.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.mapping.refs import line_refnum, order_refnum
from storefront_clients.base import Address, OrderLine, StoreOrder, Transaction, TransactionKind

# The currencies RetailOps' order schema admits (currency_code enum).
RETAILOPS_CURRENCIES = frozenset(
    {"AUD", "CAD", "CHF", "EUR", "GBP", "HKD", "JPY", "MXN", "NZD", "PLN", "SGD", "USD"}
)
_GIFT_CARD_GATEWAYS = frozenset({"gift_card", "giftcard"})
_STORE_CREDIT_GATEWAYS = frozenset({"shopify_store_credit", "store_credit", "store-credit"})
CENT = Decimal("0.01")
_RATE = Decimal("0.0001")


def _text(value: str | None, limit: int | None = None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    return value[:limit] if limit else value


def map_address(address: Address | None) -> dict[str, Any] | None:
    """A RetailOps address: state_match/country_match carry ISO codes."""
    if address is None:
        return None
    out = {
        "first_name": _text(address.first_name),
        "last_name": _text(address.last_name),
        "company": _text(address.company),
        "address1": _text(address.address1),
        "address2": _text(address.address2),
        "city": _text(address.city),
        "state_match": _text(address.province_code) or _text(address.province),
        "country_match": _text(address.country_code),
        "postal_code": _text(address.zip),
        "phone_number": _text(address.phone),
    }
    return {k: v for k, v in out.items() if v is not None}


def item_type(line: OrderLine) -> str:
    """ship for lines RetailOps must ship; advisory for gift cards, non-shipping and shipped lines."""
    if line.is_gift_card or not line.requires_shipping:
        return "advisory"
    if line.current_quantity > 0 and line.unfulfilled_quantity == 0:
        return "advisory"
    return "ship"


def map_line(line: OrderLine) -> dict[str, Any]:
    """One order_items[] entry with per-unit amounts in the order's currency."""
    qty = line.current_quantity
    unit_tax = (line.total_tax.amount / qty).quantize(CENT) if qty else Decimal(0)
    values: dict[str, Any] = {
        "unit_price": line.unit_price.amount,
        "unit_tax": unit_tax,
        "discount_amt": line.total_discount.amount,
    }
    if line.tax_rate is not None:
        values["unit_tax_pct"] = (line.tax_rate * 100).quantize(_RATE).normalize()
    if line.unit_price.amount and line.total_discount.amount and qty:
        pct = line.total_discount.amount / (line.unit_price.amount * qty) * 100
        values["discount_pct"] = pct.quantize(_RATE).normalize()
    options = [{"type": "text", "name": n, "value": v} for n, v in line.options]
    options += [{"type": "text", "name": k, "value": v} for k, v in line.custom_attributes]
    out: dict[str, Any] = {
        "channel_item_refnum": line_refnum(line.id),
        "sku": line.sku or "",
        "sku_description": line.title + (f" - {line.variant_title}" if line.variant_title else ""),
        "quantity": qty,
        "item_type": item_type(line),
        "currency_values": values,
    }
    if options:
        out["options"] = options
    return out


def map_transaction(txn: Transaction) -> dict[str, Any] | None:
    """A payment_transactions[] entry for a successful payment, or None for refunds/voids/failures."""
    if txn.status.upper() != "SUCCESS":
        return None
    gateway = txn.gateway.lower()
    if gateway in _GIFT_CARD_GATEWAYS:
        processing, kind = "channel_giftcert", "giftcard"
    elif gateway in _STORE_CREDIT_GATEWAYS:
        processing, kind = "channel_storecredit", "charge"
    else:
        processing = "channel_payment"
        kind = {
            TransactionKind.AUTHORIZATION: "auth",
            TransactionKind.EMV_AUTHORIZATION: "auth",
            TransactionKind.SALE: "charge",
            TransactionKind.CAPTURE: "capture",
        }.get(txn.kind, "")
        if not kind:
            return None
    if txn.kind not in (
        TransactionKind.AUTHORIZATION,
        TransactionKind.EMV_AUTHORIZATION,
        TransactionKind.SALE,
        TransactionKind.CAPTURE,
    ):
        return None
    out: dict[str, Any] = {
        "payment_processing_type": processing,
        "transaction_type": kind,
        "payment_type": txn.card_company or txn.gateway,
        "amount": txn.amount.amount,
    }
    return out


def map_order(
    order: StoreOrder, *, tag_limit: int = 100, gift_message_key: str | None = None
) -> dict[str, Any]:
    """The RetailOps order for a store order; money stays Decimal until the JSON writer."""
    shipping = sum((s.price.amount - s.discount.amount for s in order.shipping_lines), Decimal(0))
    ship_tax = sum((s.tax.amount for s in order.shipping_lines), Decimal(0))
    line_tax = sum((line.total_tax.amount for line in order.lines), Decimal(0))
    line_discount = sum((line.total_discount.amount for line in order.lines), Decimal(0))
    order_discount = (
        order.total_discounts.amount if order.total_discounts else line_discount
    ) - line_discount
    out: dict[str, Any] = {
        "channel_order_refnum": order_refnum(order.id, order.legacy_id),
        "channel_date_created": order.created_at,
        "currency_code": order.currency,
        # Only what is not inside items: shipping, its tax, and discounts not allocated to lines.
        "currency_values": {
            "shipping_amt": shipping,
            "tax_amt": ship_tax
            + (order.total_tax.amount - line_tax - ship_tax if order.total_tax else Decimal(0)),
            "discount_amt": max(order_discount, Decimal(0)),
        },
        "order_items": [map_line(line) for line in order.lines if line.current_quantity > 0],
        "payment_transactions": [p for p in map(map_transaction, order.transactions) if p],
        "tags": list(order.tags[:tag_limit]),
    }
    if order.cancelled_at is not None:
        out["cancel"] = True
    if order.shipping_lines:
        first = order.shipping_lines[0]
        out["ship_service_code"] = first.code or first.title
    for key, address in (
        ("billing_address", order.billing_address),
        ("shipping_address", order.shipping_address),
    ):
        mapped = map_address(address)
        if mapped:
            out[key] = mapped
    customer = {
        "email_address": _text(order.email),
        "full_name": _text(order.customer_name),
        "phone_number": _text(order.phone),
    }
    customer = {k: v for k, v in customer.items() if v}
    if customer:
        out["customer_info"] = customer
    if order.client_ip:
        out["ip_address"] = order.client_ip
    gift = _gift_message(order, gift_message_key)
    if gift:
        out["gift_message"] = gift
    attributes = [
        {"attribute_type": "text", "handle": k[:100], "value": v[:100]}
        for k, v in order.custom_attributes
        if k != gift_message_key
    ]
    if attributes:
        out["attributes"] = attributes
    return out


def _gift_message(order: StoreOrder, key: str | None) -> str | None:
    if key is None or key == "note":
        return _text(order.note)
    for k, v in order.custom_attributes:
        if k == key:
            return _text(v)
    return None
