"""Resolvers of the payment side of an order: transactions and refunds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.order_models import (
    Refund,
    RefundLine,
    Transaction,
)
from storefront_clients.sandbox.registry import Info, field

from .common import store_of
from .order_parts import owner
from .orders import money_bag


@field("OrderTransaction", "amountSet")
def txn_amount(t: Transaction, info: Info) -> dict[str, Any]:
    """Transaction amount."""
    return money_bag(owner(info, "OrderTransaction", t.id), t.amount)


@field("OrderTransaction", "totalUnsettledSet")
def txn_unsettled(t: Transaction, info: Info) -> dict[str, Any] | None:
    """What is still capturable on an authorization."""
    order = owner(info, "OrderTransaction", t.id)
    return money_bag(order, om.unsettled(order, t)) if t.kind == "AUTHORIZATION" else None


@field("OrderTransaction", "parentTransaction")
def txn_parent(t: Transaction, info: Info) -> Transaction | None:
    """The authorization a capture/void/refund refers to."""
    order = owner(info, "OrderTransaction", t.id)
    return next((p for p in order.transactions if p.id == t.parent_id), None)


@field("OrderTransaction", "paymentDetails")
def txn_details(t: Transaction, _info: Info) -> dict[str, Any] | None:
    """Card details for card gateways."""
    if t.card_company is None:
        return None
    return {
        "__typename": "CardPaymentDetails",
        "company": t.card_company,
        "number": "•••• •••• •••• 4242",
        "name": "Ada Lovelace",
        "bin": "424242",
        "paymentMethodName": "card",
        "wallet": None,
    }


@field("OrderTransaction", "order")
def txn_order(t: Transaction, info: Info) -> Any:
    """The owning order."""
    return owner(info, "OrderTransaction", t.id)


@field("OrderTransaction", "processedAt")
def txn_processed(t: Transaction, _info: Info) -> Any:
    """Processing time."""
    return t.created_at


@field("OrderTransaction", "formattedGateway")
def txn_gateway_label(t: Transaction, _info: Info) -> str:
    """Human gateway name."""
    return t.gateway.replace("_", " ").title()


@field("OrderTransaction", "fees")
def txn_fees(_t: Transaction, _info: Info) -> list[Any]:
    """No fees in the sandbox."""
    return []


@field("OrderTransaction", "manuallyCapturable")
def txn_capturable(t: Transaction, info: Info) -> bool:
    """Authorizations with money left can be captured."""
    return t.kind == "AUTHORIZATION" and om.unsettled(owner(info, "OrderTransaction", t.id), t) > 0


@field("OrderTransaction", "multiCapturable")
def txn_multi_capturable(t: Transaction, _info: Info) -> bool:
    """Only Plus shops on Shopify Payments capture several times (shopify.dev orderCapture, note)."""
    return t.kind == "AUTHORIZATION" and t.multi_capturable


@field("OrderTransaction", "maximumRefundableV2")
def txn_max_refund(t: Transaction, info: Info) -> dict[str, Any] | None:
    """What can still be refunded against a sale or capture."""
    order = owner(info, "OrderTransaction", t.id)
    if t.kind not in ("SALE", "CAPTURE") or t.status != "SUCCESS":
        return None
    back = sum(
        (
            c.amount
            for c in order.transactions
            if c.parent_id == t.id and c.kind == "REFUND" and c.status == "SUCCESS"
        ),
        Decimal(0),
    )
    return {"amount": t.amount - back, "currencyCode": order.presentment_currency}


# --- Refunds --------------------------------------------------------------------------------


@field("Refund", "totalRefundedSet")
def refund_total(r: Refund, info: Info) -> dict[str, Any]:
    """Money returned by this refund's transactions."""
    order = owner(info, "Refund", r.id)
    amount = sum(
        (t.amount for t in order.transactions if t.id in r.transaction_ids and t.status == "SUCCESS"),
        Decimal(0),
    )
    return money_bag(order, amount)


@field("Refund", "refundLineItems")
def refund_lines(r: Refund, _info: Info, **args: Any) -> dict[str, Any]:
    """Refunded lines."""
    return page(r.lines, args, lambda rl: rl.id)


@field("Refund", "transactions")
def refund_transactions(r: Refund, info: Info, **args: Any) -> dict[str, Any]:
    """Refund transactions."""
    order = owner(info, "Refund", r.id)
    return page([t for t in order.transactions if t.id in r.transaction_ids], args, lambda t: t.id)


@field("Refund", "order")
def refund_order(r: Refund, info: Info) -> Any:
    """The owning order."""
    return owner(info, "Refund", r.id)


@field("Refund", "processedAt", "updatedAt")
def refund_time(r: Refund, _info: Info) -> Any:
    """When the refund happened."""
    return r.created_at


@field("RefundLineItem", "lineItem")
def refund_line_item(rl: RefundLine, info: Info) -> Any:
    """The refunded order line."""
    return owner(info, "RefundLineItem", rl.id).line(rl.line_item_id)


@field("RefundLineItem", "subtotalSet", "priceSet", "totalTaxSet")
def refund_line_money(rl: RefundLine, info: Info) -> dict[str, Any]:
    """Refunded subtotal, unit price or tax."""
    order = owner(info, "RefundLineItem", rl.id)
    line = order.line(rl.line_item_id)
    amount = {
        "subtotalSet": rl.subtotal,
        "totalTaxSet": rl.total_tax,
        "priceSet": line.unit_price if line else Decimal(0),
    }[info.field_name]
    return money_bag(order, amount)


@field("RefundLineItem", "location")
def refund_line_location(rl: RefundLine, info: Info) -> Any:
    """Where stock went back."""
    return store_of(info).locations.get(rl.location_id) if rl.location_id else None


@field("RefundLineItem", "restocked")
def refund_line_restocked(rl: RefundLine, _info: Info) -> bool:
    """Whether stock went back."""
    return rl.restock_type in ("RETURN", "CANCEL")
