"""Order read resolvers: `orders` search/sort/pagination, `order(id:)`, and Order's fields."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox import order_window
from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.ids import parse_gid
from storefront_clients.sandbox.order_models import Customer, Order
from storefront_clients.sandbox.registry import Info, field, typename
from storefront_clients.sandbox.search import Compiled, date_matcher, id_matcher, list_matcher, text_match

from .common import ctx, register_gid, store_of

typename(Order, "Order")
typename(Customer, "Customer")
register_gid("Order")
register_gid("Customer")


def money_bag(order: Order, amount: Decimal) -> dict[str, Any]:
    """MoneyBag of a presentment amount (shop money converted at the order's rate)."""
    from storefront_clients.sandbox.money import bag

    result = bag(amount, order.presentment_currency, order.currency, order.rate)
    return {
        "shopMoney": {"amount": result.shop_money.amount, "currencyCode": result.shop_money.currency_code},
        "presentmentMoney": {
            "amount": result.presentment_money.amount,
            "currencyCode": result.presentment_money.currency_code,
        },
    }


_FIN = {
    "paid": {"PAID"},
    "pending": {"PENDING"},
    "authorized": {"AUTHORIZED"},
    "partially_paid": {"PARTIALLY_PAID"},
    "partially_refunded": {"PARTIALLY_REFUNDED"},
    "refunded": {"REFUNDED"},
    "voided": {"VOIDED"},
    "unpaid": {"PENDING", "AUTHORIZED", "PARTIALLY_PAID"},
}
_FUL = {
    "shipped": {"FULFILLED"},
    "fulfilled": {"FULFILLED"},
    "partial": {"PARTIALLY_FULFILLED"},
    "unshipped": {"UNFULFILLED"},
    "unfulfilled": {"UNFULFILLED", "PARTIALLY_FULFILLED"},
    "restocked": {"RESTOCKED"},
}


def _status(order: Order, _op: str, value: str) -> bool:
    value = value.lower()
    if value == "any":
        return True
    if value == "open":
        return not order.closed and order.cancelled_at is None
    if value == "closed":
        return order.closed
    if value == "cancelled":
        return order.cancelled_at is not None
    return False


def order_query(query: str | None) -> Compiled[Order]:
    """Compile an orders search (dates, status, financial/fulfilment status, tag, name, id, …)."""
    fields: dict[str, Callable[[Order, str, str], bool]] = {
        "updated_at": date_matcher(lambda o: o.updated_at),
        "created_at": date_matcher(lambda o: o.created_at),
        "processed_at": date_matcher(lambda o: o.processed_at),
        "status": _status,
        "financial_status": lambda o, _op, v: (
            v.lower() == "any" or om.financial_status(o) in _FIN.get(v.lower(), set())
        ),
        "fulfillment_status": lambda o, _op, v: (
            v.lower() == "any" or om.fulfillment_status(o) in _FUL.get(v.lower(), set())
        ),
        "tag": list_matcher(lambda o: o.tags),
        "tag_not": lambda o, _op, v: not any(text_match(t, v) for t in o.tags),
        "name": lambda o, _op, v: text_match(o.name.lstrip("#"), v.lstrip("#")),
        "id": id_matcher(lambda o: o.id),
        "email": lambda o, _op, v: text_match(o.email, v),
        "sku": lambda o, _op, v: any(text_match(li.sku, v) for li in o.line_items),
        "test": lambda o, _op, v: o.test == (v.lower() == "true"),
    }
    return Compiled(
        query,
        fields,
        lambda o, _op, v: text_match(o.name.lstrip("#"), v.lstrip("#")) or text_match(o.email, v),
    )


_SORT: dict[str, Callable[[Order], Any]] = {
    "ID": lambda o: o.id,
    "CREATED_AT": lambda o: o.created_at,
    "UPDATED_AT": lambda o: o.updated_at,
    "PROCESSED_AT": lambda o: o.processed_at,
    "ORDER_NUMBER": lambda o: o.number,
    "TOTAL_PRICE": lambda o: om.total_price(o, True),
}


@field("QueryRoot", "orders")
def orders(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Searchable, sortable order connection."""
    compiled = order_query(args.get("query"))
    items = [o for o in _visible_orders(info) if compiled.matches(o)]
    return page(items, args, lambda o: o.id, _SORT.get(args.get("sortKey") or "ID", _SORT["ID"]))


@field("QueryRoot", "ordersCount")
def orders_count(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Count of orders matching a query."""
    compiled = order_query(args.get("query"))
    return {
        "count": sum(1 for o in _visible_orders(info) if compiled.matches(o)),
        "precision": "EXACT",
    }


@field("QueryRoot", "order")
def order(_root: Any, info: Info, id: str) -> Order | None:
    """An order by gid."""
    num = parse_gid(id, "Order")
    found = store_of(info).orders.get(num) if num is not None else None
    return found if order_window.visible(store_of(info), ctx(info).runtime.config, found) else None


def _visible_orders(info: Info) -> list[Order]:
    store, config = store_of(info), ctx(info).runtime.config
    return [o for o in store.orders.values() if order_window.visible(store, config, o)]


def _bag_field(name: str, amount: Callable[[Order], Decimal]) -> None:
    field("Order", name)(lambda o, _info: money_bag(o, amount(o)))


for _name, _fn in {
    "subtotalPriceSet": lambda o: om.subtotal(o, False),
    "currentSubtotalPriceSet": lambda o: om.subtotal(o, True),
    "totalDiscountsSet": lambda o: om.discounts(o, False),
    "currentTotalDiscountsSet": lambda o: om.discounts(o, True),
    "totalShippingPriceSet": om.shipping_total,
    "currentShippingPriceSet": om.shipping_total,
    "totalTaxSet": lambda o: om.tax_total(o, False),
    "currentTotalTaxSet": lambda o: om.tax_total(o, True),
    "totalPriceSet": lambda o: om.total_price(o, False),
    "originalTotalPriceSet": lambda o: om.total_price(o, False),
    "currentTotalPriceSet": lambda o: om.total_price(o, True),
    "totalOutstandingSet": om.outstanding,
    "totalReceivedSet": om.received,
    "netPaymentSet": lambda o: om.received(o) - om.refunded(o),
    "totalRefundedSet": om.refunded,
    "totalCapturableSet": om.capturable,
    "totalRefundedShippingSet": lambda o: sum((r.shipping for r in o.refunds), Decimal(0)),
    "totalTipReceivedSet": lambda _o: Decimal(0),
    "currentCartDiscountAmountSet": lambda _o: Decimal(0),
    "refundDiscrepancySet": lambda _o: Decimal(0),
}.items():
    _bag_field(_name, _fn)


@field("Order", "displayFinancialStatus")
def display_financial(o: Order, _info: Info) -> str:
    """Payment status derived from transactions."""
    return om.financial_status(o)


@field("Order", "displayFulfillmentStatus")
def display_fulfillment(o: Order, _info: Info) -> str:
    """Fulfilment status derived from fulfilments."""
    return om.fulfillment_status(o)


@field("Order", "currencyCode")
def currency_code(o: Order, _info: Info) -> str:
    """Shop currency."""
    return o.currency


@field("Order", "presentmentCurrencyCode")
def presentment_currency(o: Order, _info: Info) -> str:
    """Customer-facing currency."""
    return o.presentment_currency


@field("Order", "customAttributes")
def order_attributes(o: Order, _info: Info) -> list[dict[str, str]]:
    """Note attributes."""
    return [{"key": k, "value": v} for k, v in o.custom_attributes]


@field("Order", "capturable")
def capturable(o: Order, _info: Info) -> bool:
    """Whether an authorization can still be captured."""
    return om.capturable(o) > 0


@field("Order", "canMarkAsPaid")
def can_mark_as_paid(o: Order, _info: Info) -> bool:
    """Manual orders with an outstanding balance can be marked paid."""
    return o.cancelled_at is None and om.outstanding(o) > 0 and om.capturable(o) == 0


@field("Order", "fullyPaid")
def fully_paid(o: Order, _info: Info) -> bool:
    """Nothing outstanding."""
    return om.outstanding(o) == 0


@field("Order", "unpaid")
def unpaid(o: Order, _info: Info) -> bool:
    """Nothing received yet."""
    return om.received(o) == 0


@field("Order", "paymentGatewayNames")
def gateways(o: Order, _info: Info) -> list[str]:
    """Distinct gateways used by the order's transactions."""
    return sorted({t.gateway for t in o.transactions})


@field("Order", "fulfillable")
def fulfillable(o: Order, _info: Info) -> bool:
    """Some quantity is still to ship on an open order."""
    return o.cancelled_at is None and any(om.unfulfilled_quantity(o, li) > 0 for li in o.line_items)


@field("Order", "requiresShipping")
def requires_shipping(o: Order, _info: Info) -> bool:
    """Any line needs shipping."""
    return any(li.requires_shipping for li in o.line_items)


@field("Order", "subtotalLineItemsQuantity")
def subtotal_quantity(o: Order, _info: Info) -> int:
    """Ordered units."""
    return sum(li.quantity for li in o.line_items)


@field("Order", "currentSubtotalLineItemsQuantity")
def current_quantity(o: Order, _info: Info) -> int:
    """Units after edits and refunds."""
    return sum(li.current_quantity for li in o.line_items)


@field("Order", "number")
def order_number(o: Order, _info: Info) -> int:
    """Order number without the '#'."""
    return o.number


@field("Order", "confirmed", "merchantEditable", "restockable", "refundable")
def always_true(_o: Order, _info: Info) -> bool:
    """Flags that are true for every sandbox order."""
    return True


@field(
    "Order",
    "test",
    "taxesIncluded",
    "taxExempt",
    "edited",
    "dutiesIncluded",
    "estimatedTaxes",
    "hasTimelineComment",
    "customerAcceptsMarketing",
)
def flag(o: Order, info: Info) -> bool:
    """Boolean attributes (False unless the record says otherwise)."""
    return bool(getattr(o, info.field_name, False))


@field("Order", "shippingLine")
def first_shipping_line(o: Order, _info: Info) -> Any:
    """The first shipping line."""
    return o.shipping_lines[0] if o.shipping_lines else None
