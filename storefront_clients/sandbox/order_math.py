"""Derived order figures (quantities, totals, payment and fulfilment status) used by resolvers."""

from __future__ import annotations

from decimal import Decimal

from .money import cents
from .order_models import LineItem, Order, Transaction

ZERO = Decimal(0)


def fulfilled_quantity(order: Order, line: LineItem) -> int:
    """Units of a line shipped by successful fulfilments."""
    return sum(
        fl.quantity
        for f in order.fulfillments
        if f.status == "SUCCESS"
        for fl in f.lines
        if fl.line_item_id == line.id
    )


def unfulfilled_quantity(order: Order, line: LineItem) -> int:
    """Units of a line still to ship: current quantity minus what shipped."""
    return max(0, line.current_quantity - fulfilled_quantity(order, line))


def _share(value: Decimal, line: LineItem) -> Decimal:
    if line.quantity == 0:
        return ZERO
    return cents(value * line.current_quantity / line.quantity)


def line_current_discount(line: LineItem) -> Decimal:
    """Discount allocated to the line's current quantity."""
    return _share(line.discount, line)


def line_current_tax(line: LineItem) -> Decimal:
    """Tax of the line's current quantity."""
    return _share(sum((t.price for t in line.tax_lines), ZERO), line)


def subtotal(order: Order, current: bool) -> Decimal:
    """Line prices minus line discounts, original or current."""
    if current:
        return sum(
            (li.unit_price * li.current_quantity - line_current_discount(li) for li in order.line_items),
            ZERO,
        )
    return sum((li.unit_price * li.quantity - li.discount for li in order.line_items), ZERO)


def discounts(order: Order, current: bool) -> Decimal:
    """Total discount, original or current."""
    if current:
        return sum((line_current_discount(li) for li in order.line_items), ZERO)
    return sum((li.discount for li in order.line_items), ZERO)


def shipping_total(order: Order) -> Decimal:
    """Sum of shipping lines."""
    return sum((s.price for s in order.shipping_lines), ZERO)


def tax_total(order: Order, current: bool) -> Decimal:
    """Line taxes plus shipping taxes, original or current."""
    lines = sum(
        (
            line_current_tax(li) if current else sum((t.price for t in li.tax_lines), ZERO)
            for li in order.line_items
        ),
        ZERO,
    )
    ship = sum((t.price for s in order.shipping_lines for t in s.tax_lines), ZERO)
    return lines + ship


def total_price(order: Order, current: bool) -> Decimal:
    """Subtotal + shipping + tax (Shopify prices here are tax-exclusive)."""
    return subtotal(order, current) + shipping_total(order) + tax_total(order, current)


def _ok(order: Order, *kinds: str) -> list[Transaction]:
    return [t for t in order.transactions if t.kind in kinds and t.status == "SUCCESS"]


def received(order: Order) -> Decimal:
    """Money actually taken (sales and captures)."""
    return sum((t.amount for t in _ok(order, "SALE", "CAPTURE")), ZERO)


def refunded(order: Order) -> Decimal:
    """Money given back by successful refund transactions."""
    return sum((t.amount for t in _ok(order, "REFUND")), ZERO)


def unsettled(order: Order, auth: Transaction) -> Decimal:
    """What remains capturable on one authorization."""
    if auth.kind != "AUTHORIZATION" or auth.status != "SUCCESS":
        return ZERO
    children = [t for t in order.transactions if t.parent_id == auth.id and t.status == "SUCCESS"]
    if any(t.kind == "VOID" for t in children):
        return ZERO
    captured = sum((t.amount for t in children if t.kind == "CAPTURE"), ZERO)
    if captured and not auth.multi_capturable:
        # A single-capture authorization is consumed by its first capture, partial or not
        # (OrderCaptureInput.finalCapture "has no effect on authorizations which aren't multi-capturable").
        return ZERO
    return max(ZERO, auth.amount - captured)


def capturable(order: Order) -> Decimal:
    """Sum still capturable over all authorizations."""
    return sum((unsettled(order, t) for t in order.transactions), ZERO)


def outstanding(order: Order) -> Decimal:
    """Current total minus net payment, never negative."""
    return max(ZERO, total_price(order, True) - (received(order) - refunded(order)))


def financial_status(order: Order) -> str:
    """OrderDisplayFinancialStatus derived from the transactions."""
    paid, back = received(order), refunded(order)
    if back > 0:
        return "REFUNDED" if back >= paid else "PARTIALLY_REFUNDED"
    total = total_price(order, True)
    if paid > 0 or total == 0:
        return "PAID" if paid >= total else "PARTIALLY_PAID"
    if capturable(order) > 0:
        return "AUTHORIZED"
    if any(t.kind == "VOID" and t.status == "SUCCESS" for t in order.transactions):
        return "VOIDED"
    return "PENDING"


def fulfillment_status(order: Order) -> str:
    """OrderDisplayFulfillmentStatus derived from fulfilments and current quantities."""
    shippable = [li for li in order.line_items if li.requires_shipping]
    wanted = sum(li.current_quantity for li in shippable)
    shipped = sum(fulfilled_quantity(order, li) for li in shippable)
    if shipped == 0:
        if wanted == 0 and order.refunds:
            return "RESTOCKED"
        return "UNFULFILLED"
    return "FULFILLED" if shipped >= wanted else "PARTIALLY_FULFILLED"
