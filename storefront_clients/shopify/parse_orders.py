"""Shopify Order answers → ``StoreOrder`` and its parts (lines, transactions, fulfillments).

Called by the client for every order read (pages, by id, after an edit). Amounts of lines,
shipping and totals are taken in the order's presentment currency.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from storefront_clients.base import (
    Address,
    Fulfillment,
    FulfillmentHold,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
    Money,
    OrderLine,
    ShippingLine,
    StoreOrder,
    Tracking,
    Transaction,
    TransactionKind,
)
from storefront_clients.shopify.parse import (
    Json,
    add,
    money,
    money_or_zero,
    nodes,
    obj,
    optional_timestamp,
    text,
    timestamp,
)

log = logging.getLogger(__name__)
_KINDS = {kind.value for kind in TransactionKind}


def address(value: Any) -> Address | None:
    """A MailingAddress, or None for null."""
    if not isinstance(value, dict):
        return None
    return Address(
        first_name=text(value.get("firstName")),
        last_name=text(value.get("lastName")),
        company=text(value.get("company")),
        address1=text(value.get("address1")),
        address2=text(value.get("address2")),
        city=text(value.get("city")),
        province_code=text(value.get("provinceCode")),
        province=text(value.get("province")),
        country_code=text(value.get("countryCodeV2")),
        zip=text(value.get("zip")),
        phone=text(value.get("phone")),
    )


def _pairs(items: Any, key: str, value: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(item.get(key)), str(item.get(value) or "")) for item in nodes(items) if item.get(key))


def order_line(node: Json, currency: str) -> OrderLine:
    """A LineItem node."""
    taxes = nodes(node.get("taxLines"))
    rates = [Decimal(str(t["rate"])) for t in taxes if t.get("rate") is not None]
    variant = obj(node.get("variant"))
    return OrderLine(
        id=str(node["id"]),
        title=str(node.get("title") or ""),
        quantity=int(node.get("quantity") or 0),
        current_quantity=int(node.get("currentQuantity", node.get("quantity")) or 0),
        unfulfilled_quantity=int(node.get("unfulfilledQuantity") or 0),
        unit_price=money_or_zero(node.get("originalUnitPriceSet"), currency),
        total_discount=money_or_zero(node.get("totalDiscountSet"), currency),
        total_tax=add((money(t.get("priceSet")) for t in taxes), currency),
        sku=text(node.get("sku")),
        variant_id=text(variant.get("id")),
        variant_title=text(node.get("variantTitle")),
        requires_shipping=bool(node.get("requiresShipping", True)),
        is_gift_card=bool(node.get("isGiftCard", False)),
        tax_rate=sum(rates, Decimal("0")) if rates else None,
        options=_pairs(variant.get("selectedOptions"), "name", "value"),
        custom_attributes=_pairs(node.get("customAttributes"), "key", "value"),
    )


def shipping_line(node: Json, currency: str) -> ShippingLine:
    """A ShippingLine node; the discount is original minus discounted price."""
    original = money_or_zero(node.get("originalPriceSet"), currency)
    discounted = money(node.get("discountedPriceSet")) or original
    return ShippingLine(
        title=str(node.get("title") or ""),
        price=original,
        tax=add((money(t.get("priceSet")) for t in nodes(node.get("taxLines"))), currency),
        discount=Money(original.amount - discounted.amount, currency),
        code=text(node.get("code")),
    )


def transaction(node: Json, currency: str) -> Transaction | None:
    """An OrderTransaction node, or None for a kind the connector does not know."""
    kind = str(node.get("kind"))
    if kind not in _KINDS:
        log.warning("unknown transaction kind skipped", extra={"kind": kind})
        return None
    status = str(node.get("status") or "")
    unsettled = money(node.get("totalUnsettledSet"))
    capturable = unsettled if kind in ("AUTHORIZATION", "EMV_AUTHORIZATION") and status == "SUCCESS" else None
    return Transaction(
        id=str(node["id"]),
        kind=TransactionKind(kind),
        status=status,
        gateway=str(node.get("gateway") or ""),
        amount=money_or_zero(node.get("amountSet"), currency),
        parent_id=text(obj(node.get("parentTransaction")).get("id")),
        card_company=text(obj(node.get("paymentDetails")).get("company")),
        manual_gateway=bool(node.get("manualPaymentGateway", False)),
        created_at=optional_timestamp(node.get("createdAt")),
        capturable=capturable,
        multi_capturable=bool(node.get("multiCapturable", False)),
    )


def fulfillment(node: Json) -> Fulfillment:
    """A Fulfillment node with tracking and shipped lines."""
    tracking = tuple(
        Tracking(number=str(t["number"]), company=text(t.get("company")), url=text(t.get("url")))
        for t in nodes(node.get("trackingInfo"))
        if t.get("number")
    )
    lines = tuple(
        FulfillmentLine(line_item_id=str(obj(n.get("lineItem"))["id"]), quantity=int(n.get("quantity") or 0))
        for n in nodes(node.get("fulfillmentLineItems"))
        if obj(n.get("lineItem")).get("id")
    )
    return Fulfillment(
        id=str(node["id"]), status=str(node.get("status") or ""), tracking=tracking, lines=lines
    )


def fulfillment_order(node: Json) -> FulfillmentOrder:
    """A FulfillmentOrder node with its lines' remaining quantities, holds and allowed actions."""
    assigned = obj(node.get("assignedLocation"))
    location = obj(assigned.get("location"))
    actions = node.get("supportedActions")
    return FulfillmentOrder(
        id=str(node["id"]),
        status=str(node.get("status") or ""),
        location_id=text(location.get("id")),
        actions=(
            tuple(str(obj(a).get("action")) for a in actions if obj(a).get("action"))
            if isinstance(actions, list)
            else None
        ),
        holds=tuple(
            FulfillmentHold(
                reason=str(obj(h).get("reason") or "OTHER"),
                notes=text(obj(h).get("reasonNotes")),
                display_reason=text(obj(h).get("displayReason")),
            )
            for h in node.get("fulfillmentHolds") or ()
        ),
        fulfill_at=optional_timestamp(node.get("fulfillAt")),
        location_name=text(assigned.get("name")),
        fulfillment_service=bool(location.get("isFulfillmentService", False)),
        lines=tuple(
            FulfillmentOrderLine(
                id=str(line["id"]),
                line_item_id=str(obj(line.get("lineItem")).get("id") or ""),
                remaining_quantity=int(line.get("remainingQuantity") or 0),
            )
            for line in nodes(node.get("lineItems"))
        ),
    )


def order(node: Json, extra_lines: tuple[OrderLine, ...] = ()) -> StoreOrder:
    """An Order node (as selected by ``documents.ORDER_FRAGMENT``); `extra_lines` from later pages."""
    # Currency codes come from the order; a total's bag is the fallback for partial selections.
    total = node.get("currentTotalPriceSet")
    shop_total = money(total, shop=True)
    shop_currency = str(node.get("currencyCode") or (shop_total.currency if shop_total else ""))
    presented = money(total)
    currency = str(
        node.get("presentmentCurrencyCode") or (presented.currency if presented else shop_currency)
    )
    billing = address(node.get("billingAddress"))
    shipping = address(node.get("shippingAddress"))
    names = obj(node.get("billingAddress")).get("name") or obj(node.get("shippingAddress")).get("name")
    transactions = tuple(t for t in (transaction(n, currency) for n in nodes(node.get("transactions"))) if t)
    legacy = node.get("legacyResourceId")
    return StoreOrder(
        id=str(node["id"]),
        name=str(node.get("name") or ""),
        created_at=timestamp(node.get("createdAt")),
        updated_at=timestamp(node.get("updatedAt") or node.get("createdAt")),
        currency=currency,
        shop_currency=shop_currency,
        lines=tuple(order_line(n, currency) for n in nodes(node.get("lineItems"))) + extra_lines,
        financial_status=text(node.get("displayFinancialStatus")),
        fulfillment_status=text(node.get("displayFulfillmentStatus")),
        cancelled_at=optional_timestamp(node.get("cancelledAt")),
        closed=bool(node.get("closed", False)),
        email=text(node.get("email")),
        phone=text(node.get("phone")),
        customer_name=text(names),
        billing_address=billing,
        shipping_address=shipping,
        shipping_lines=tuple(shipping_line(n, currency) for n in nodes(node.get("shippingLines"))),
        transactions=transactions,
        fulfillments=tuple(fulfillment(n) for n in nodes(node.get("fulfillments"))),
        tags=tuple(str(t) for t in node.get("tags") or ()),
        note=text(node.get("note")),
        custom_attributes=_pairs(node.get("customAttributes"), "key", "value"),
        client_ip=text(node.get("clientIp")),
        legacy_id=str(legacy) if legacy is not None else None,
        total_price=money(node.get("currentTotalPriceSet")),
        total_tax=money(node.get("currentTotalTaxSet")),
        total_discounts=money(node.get("currentTotalDiscountsSet")),
        total_shipping=money(node.get("currentShippingPriceSet")),
        total_outstanding=money(node.get("totalOutstandingSet")),
    )
