"""Edit-session state and the CalculatedOrder / CalculatedLineItem views of it."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.order_models import LineItem, Order
from storefront_clients.sandbox.registry import field
from storefront_clients.sandbox.store import Store

from .orders import money_bag


@dataclass
class EditSession:
    """Staged edits of one order; applied atomically by orderEditCommit."""

    id: int
    order_id: int
    quantities: dict[int, int] = dc_field(default_factory=dict)
    restock: dict[int, bool] = dc_field(default_factory=dict)
    added: dict[int, tuple[int, int]] = dc_field(default_factory=dict)  # calc line id -> (variant, qty)
    committed: bool = False


def live_session(store: Store, value: str) -> EditSession | None:
    """An open (uncommitted) edit session by CalculatedOrder gid."""
    num = parse_gid(value, "CalculatedOrder")
    found = store.edit_sessions.get(num) if num is not None else None
    return found if isinstance(found, EditSession) and not found.committed else None


def calc_line(store: Store, order: Order, s: EditSession, line: LineItem) -> dict[str, Any]:
    """CalculatedLineItem view of an existing order line."""
    fulfilled = om.fulfilled_quantity(order, line)
    qty = s.quantities.get(line.id, line.current_quantity)
    return {
        "id": gid("CalculatedLineItem", line.id),
        "title": line.title,
        "sku": line.sku,
        "quantity": qty,
        "variantTitle": line.variant_title,
        "variant": store.variants.get(line.variant_id or -1),
        "originalUnitPriceSet": money_bag(order, line.unit_price),
        "discountedUnitPriceSet": money_bag(order, line.unit_price),
        "editableQuantity": qty - fulfilled,
        "editableQuantityBeforeChanges": line.current_quantity - fulfilled,
        "editableSubtotalSet": money_bag(order, line.unit_price * (qty - fulfilled)),
        "uneditableSubtotalSet": money_bag(order, line.unit_price * fulfilled),
        "restockable": True,
        "restocking": s.restock.get(line.id, False),
        "hasStagedLineItemDiscount": False,
        "stagedChanges": [],
        "customAttributes": [{"key": k, "value": v} for k, v in line.custom_attributes],
        "calculatedDiscountAllocations": [],
        "discountAllocations": [],
    }


def added_line(store: Store, order: Order, calc_id: int, variant_id: int, qty: int) -> dict[str, Any]:
    """CalculatedLineItem view of a staged new variant line."""
    variant = store.variants[variant_id]
    product = store.products[variant.product_id]
    return {
        "id": gid("CalculatedLineItem", calc_id),
        "title": product.title,
        "sku": variant.sku,
        "quantity": qty,
        "variantTitle": variant.title,
        "variant": variant,
        "originalUnitPriceSet": money_bag(order, variant.price),
        "discountedUnitPriceSet": money_bag(order, variant.price),
        "editableQuantity": qty,
        "editableQuantityBeforeChanges": 0,
        "editableSubtotalSet": money_bag(order, variant.price * qty),
        "uneditableSubtotalSet": money_bag(order, Decimal(0)),
        "restockable": True,
        "restocking": False,
        "hasStagedLineItemDiscount": False,
        "stagedChanges": [],
        "customAttributes": [],
        "calculatedDiscountAllocations": [],
        "discountAllocations": [],
    }


def calculated_order(store: Store, s: EditSession) -> dict[str, Any]:
    """The CalculatedOrder view of a session."""
    from storefront_clients.sandbox.connections import page

    order = store.orders[s.order_id]
    lines = [
        calc_line(store, order, s, li)
        for li in order.line_items
        if li.current_quantity or li.id in s.quantities
    ]
    added = [added_line(store, order, cid, vid, q) for cid, (vid, q) in s.added.items()]
    subtotal = sum(
        (
            li.unit_price * s.quantities.get(li.id, li.current_quantity) - om.line_current_discount(li)
            for li in order.line_items
        ),
        Decimal(0),
    ) + sum((store.variants[v].price * q for v, q in s.added.values()), Decimal(0))
    total = subtotal + om.shipping_total(order) + om.tax_total(order, True)
    paid = om.received(order) - om.refunded(order)
    by_id = lambda d: parse_gid(d["id"], "CalculatedLineItem") or 0  # noqa: E731
    return {
        "id": gid("CalculatedOrder", s.id),
        "originalOrder": order,
        "committed": s.committed,
        "lineItems": lambda **a: page(lines + added, a, by_id),
        "addedLineItems": lambda **a: page(added, a, by_id),
        "stagedChanges": lambda **a: page([], a, by_id),
        "addedDiscountApplications": lambda **a: page([], a, by_id),
        "subtotalPriceSet": money_bag(order, subtotal),
        "totalPriceSet": money_bag(order, total),
        "totalOutstandingSet": money_bag(order, max(Decimal(0), total - paid)),
        "subtotalLineItemsQuantity": sum(d["quantity"] for d in lines + added),
        "taxLines": [],
        "shippingLines": [],
        "notificationPreviewTitle": "",
        "cartDiscountAmountSet": None,
    }


for _conn in ("lineItems", "addedLineItems", "stagedChanges", "addedDiscountApplications"):
    field("CalculatedOrder", _conn)(lambda co, info, **a: co[info.field_name](**a))
