"""Resolvers for an order's parts: lines, shipping, taxes, transactions, fulfilments, refunds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.order_models import (
    Fulfillment,
    FulfillmentHold,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
    LineItem,
    Order,
    Refund,
    RefundLine,
    ShippingLine,
    TaxLine,
    Transaction,
)
from storefront_clients.sandbox.registry import Info, field, typename

from .common import register_gid, store_of
from .orders import money_bag

for _cls, _name in (
    (LineItem, "LineItem"),
    (ShippingLine, "ShippingLine"),
    (Transaction, "OrderTransaction"),
    (Fulfillment, "Fulfillment"),
    (FulfillmentOrder, "FulfillmentOrder"),
    (FulfillmentHold, "FulfillmentHold"),
    (Refund, "Refund"),
    (FulfillmentOrderLine, "FulfillmentOrderLineItem"),
    (FulfillmentLine, "FulfillmentLineItem"),
    (RefundLine, "RefundLineItem"),
):
    typename(_cls, _name)
    register_gid(_name)


def owner(info: Info, kind: str, record_id: int) -> Order:
    """The order a sub-record belongs to."""
    order = store_of(info).owner(kind, record_id)
    assert order is not None, f"{kind} {record_id} has no order"
    return order


@field("Order", "lineItems")
def line_items(o: Order, _info: Info, **args: Any) -> dict[str, Any]:
    """Order lines in order."""
    return page(o.line_items, args, lambda li: li.id)


@field("Order", "shippingLines")
def shipping_lines(o: Order, _info: Info, **args: Any) -> dict[str, Any]:
    """Shipping lines."""
    return page(o.shipping_lines, args, lambda s: s.id)


@field("Order", "transactions")
def transactions(o: Order, _info: Info, first: int | None = None, **_a: Any) -> list[Transaction]:
    """Transactions, oldest first."""
    # Schema (Order.transactions, arg first): "Truncate the array result to this size."; no pageInfo.
    return o.transactions[: first if first is not None else None]


@field("Order", "fulfillments")
def fulfillments(o: Order, _info: Info, first: int | None = None, **_a: Any) -> list[Fulfillment]:
    """Fulfilments, oldest first."""
    # Schema (Order.fulfillments, arg first): "Truncate the array result to this size."; no pageInfo.
    return o.fulfillments[: first if first is not None else None]


@field("Order", "fulfillmentOrders")
def fulfillment_orders(o: Order, _info: Info, **args: Any) -> dict[str, Any]:
    """Fulfilment orders (closed and cancelled ones included unless displayable:true)."""
    items = o.fulfillment_orders
    if args.get("displayable"):
        items = [fo for fo in items if fo.status not in ("CANCELLED", "CLOSED")]
    return page(items, args, lambda fo: fo.id)


@field("Order", "refunds")
def refunds(o: Order, _info: Info, first: int | None = None) -> list[Refund]:
    """Refunds, oldest first."""
    return o.refunds[: first if first is not None else None]


@field("Order", "taxLines", "currentTaxLines")
def order_tax_lines(o: Order, info: Info) -> list[dict[str, Any]]:
    """Tax lines summed by title and rate."""
    totals: dict[tuple[str, Decimal], Decimal] = {}
    current = info.field_name == "currentTaxLines"
    for li in o.line_items:
        for t in li.tax_lines:
            share = t.price * li.current_quantity / li.quantity if current and li.quantity else t.price
            totals[(t.title, t.rate)] = totals.get((t.title, t.rate), Decimal(0)) + share
    for s in o.shipping_lines:
        for t in s.tax_lines:
            totals[(t.title, t.rate)] = totals.get((t.title, t.rate), Decimal(0)) + t.price
    return [{"order": o, "tax": TaxLine(k[0], k[1], v)} for k, v in totals.items()]


def _tax_lines(order: Order, taxes: list[TaxLine], ratio: Decimal = Decimal(1)) -> list[dict[str, Any]]:
    return [{"order": order, "tax": TaxLine(t.title, t.rate, t.price * ratio)} for t in taxes]


@field("TaxLine", "title")
def tax_title(t: dict[str, Any], _info: Info) -> str:
    """Tax name."""
    return t["tax"].title  # type: ignore[no-any-return]


@field("TaxLine", "rate")
def tax_rate(t: dict[str, Any], _info: Info) -> float:
    """Rate as a fraction."""
    return float(t["tax"].rate)


@field("TaxLine", "ratePercentage")
def tax_rate_pct(t: dict[str, Any], _info: Info) -> float:
    """Rate in percent."""
    return float(t["tax"].rate * 100)


@field("TaxLine", "priceSet")
def tax_price(t: dict[str, Any], _info: Info) -> dict[str, Any]:
    """Tax amount."""
    return money_bag(t["order"], t["tax"].price)


@field("TaxLine", "channelLiable")
def tax_liable(_t: dict[str, Any], _info: Info) -> bool:
    """Sandbox taxes are merchant-liable."""
    return False


# --- LineItem -------------------------------------------------------------------------------


def _line_bag(name: str, amount: Any) -> None:
    def resolve(li: LineItem, info: Info, **_a: Any) -> dict[str, Any]:
        order = owner(info, "LineItem", li.id)
        return money_bag(order, amount(order, li))

    field("LineItem", name)(resolve)


def _unit_after_discount(li: LineItem) -> Decimal:
    return li.unit_price - (li.discount / li.quantity if li.quantity else Decimal(0))


for _name, _amount in {
    "originalUnitPriceSet": lambda _o, li: li.unit_price,
    "discountedUnitPriceSet": lambda _o, li: _unit_after_discount(li),
    "discountedUnitPriceAfterAllDiscountsSet": lambda _o, li: _unit_after_discount(li),
    "originalTotalSet": lambda _o, li: li.unit_price * li.quantity,
    "discountedTotalSet": lambda _o, li: li.unit_price * li.quantity - li.discount,
    "totalDiscountSet": lambda _o, li: li.discount,
    "unfulfilledOriginalTotalSet": lambda o, li: li.unit_price * om.unfulfilled_quantity(o, li),
    "unfulfilledDiscountedTotalSet": lambda o, li: _unit_after_discount(li) * om.unfulfilled_quantity(o, li),
    "priceAfterAllDiscountsBeforeTaxesSet": lambda _o, li: li.unit_price * li.quantity - li.discount,
}.items():
    _line_bag(_name, _amount)


@field("LineItem", "unfulfilledQuantity", "fulfillableQuantity")
def unfulfilled(li: LineItem, info: Info) -> int:
    """Units still to ship."""
    return om.unfulfilled_quantity(owner(info, "LineItem", li.id), li)


@field("LineItem", "refundableQuantity")
def refundable(li: LineItem, _info: Info) -> int:
    """Units not yet refunded or removed."""
    return li.current_quantity


@field("LineItem", "nonFulfillableQuantity")
def non_fulfillable(li: LineItem, _info: Info) -> int:
    """Units removed from the order."""
    return li.quantity - li.current_quantity


@field("LineItem", "fulfillmentStatus")
def line_fulfillment_status(li: LineItem, info: Info) -> str:
    """Deprecated per-line status string."""
    order = owner(info, "LineItem", li.id)
    done = om.fulfilled_quantity(order, li)
    return "fulfilled" if done and done >= li.current_quantity else ("partial" if done else "unfulfilled")


@field("LineItem", "name")
def line_name(li: LineItem, _info: Info) -> str:
    """Title with variant title."""
    return f"{li.title} - {li.variant_title}" if li.variant_title else li.title


@field("LineItem", "discountAllocations")
def discount_allocations(li: LineItem, info: Info) -> list[dict[str, Any]]:
    """One allocation carrying the line's discount."""
    if not li.discount:
        return []
    order = owner(info, "LineItem", li.id)
    application = {
        "__typename": "ManualDiscountApplication",
        "title": "Discount",
        "allocationMethod": "ACROSS",
        "targetSelection": "EXPLICIT",
        "targetType": "LINE_ITEM",
        "index": 0,
        "value": {"__typename": "MoneyV2", "amount": li.discount, "currencyCode": order.presentment_currency},
    }
    return [{"allocatedAmountSet": money_bag(order, li.discount), "discountApplication": application}]


@field("LineItem", "taxLines")
def line_tax_lines(li: LineItem, info: Info, first: int | None = None) -> list[dict[str, Any]]:
    """Taxes of the line."""
    return _tax_lines(owner(info, "LineItem", li.id), li.tax_lines)[:first]


@field("LineItem", "variant")
def line_variant(li: LineItem, info: Info) -> Any:
    """The ordered variant (null when deleted)."""
    return store_of(info).variants.get(li.variant_id) if li.variant_id else None


@field("LineItem", "product")
def line_product(li: LineItem, info: Info) -> Any:
    """The ordered product (null when deleted)."""
    return store_of(info).products.get(li.product_id) if li.product_id else None


@field("LineItem", "customAttributes")
def line_attributes(li: LineItem, _info: Info) -> list[dict[str, str]]:
    """Line properties."""
    return [{"key": k, "value": v} for k, v in li.custom_attributes]


@field("LineItem", "duties")
def line_duties(_li: LineItem, _info: Info) -> list[Any]:
    """No duties in the sandbox."""
    return []


@field("LineItem", "canRestock", "restockable", "merchantEditable")
def line_true(_li: LineItem, _info: Info) -> bool:
    """Always true for sandbox lines."""
    return True


# --- ShippingLine -----------------------------------------------------------------------------


@field("ShippingLine", "originalPriceSet", "discountedPriceSet", "currentDiscountedPriceSet")
def shipping_price(s: ShippingLine, info: Info) -> dict[str, Any]:
    """Shipping price."""
    order = next(o for o in store_of(info).orders.values() if s in o.shipping_lines)
    return money_bag(order, s.price)


@field("ShippingLine", "taxLines")
def shipping_taxes(s: ShippingLine, info: Info) -> list[dict[str, Any]]:
    """Taxes on shipping."""
    order = next(o for o in store_of(info).orders.values() if s in o.shipping_lines)
    return _tax_lines(order, s.tax_lines)


@field("ShippingLine", "discountAllocations")
def shipping_discounts(_s: ShippingLine, _info: Info) -> list[Any]:
    """Shipping is never discounted in the sandbox."""
    return []


@field("ShippingLine", "custom", "isRemoved")
def shipping_false(_s: ShippingLine, _info: Info) -> bool:
    """Flags that are false for sandbox shipping lines."""
    return False
