"""Order editing: begin -> set quantity / add variant -> commit, on a calculated order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.order_models import LineItem, Order
from storefront_clients.sandbox.order_ops import (
    commit_stock,
    open_fulfillment_order,
    refresh_fo_status,
    release_stock,
)
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

from .common import store_of, user_error
from .order_edit_view import EditSession, added_line, calc_line, calculated_order, live_session

NO_SESSION = "The calculated order does not exist."


def _payload(store: Store, s: EditSession, line: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "calculatedOrder": calculated_order(store, s),
        "calculatedLineItem": line,
        "orderEditSession": {"id": gid("OrderEditSession", s.id)},
        "userErrors": [],
    }


def _error(path: list[str], message: str, code: str | None = None) -> dict[str, Any]:
    return {
        "calculatedOrder": None,
        "calculatedLineItem": None,
        "orderEditSession": None,
        "userErrors": [user_error(path, message, code)],
    }


@field("Mutation", "orderEditBegin")
def edit_begin(_root: Any, info: Info, id: str) -> dict[str, Any]:
    """Open an edit session on an order."""
    store = store_of(info)
    order = store.orders.get(parse_gid(id, "Order") or -1)
    if order is None:
        return _error(["id"], "The order does not exist.")
    if order.cancelled_at is not None:
        return _error(["id"], "Cannot edit a cancelled order.")
    session = EditSession(id=store.next_id("CalculatedOrder"), order_id=order.id)
    store.edit_sessions[session.id] = session
    return _payload(store, session)


@field("Mutation", "orderEditSetQuantity")
def edit_set_quantity(
    _root: Any,
    info: Info,
    id: str,
    lineItemId: str,
    quantity: int,
    restock: bool | None = None,
    locationId: str | None = None,
) -> dict[str, Any]:
    """Stage a new quantity; only unfulfilled quantity is editable."""
    store = store_of(info)
    s = live_session(store, id)
    if s is None:
        return _error(["id"], NO_SESSION, "INVALID")
    if quantity < 0:
        return _error(["quantity"], "must be greater than or equal to 0")
    order = store.orders[s.order_id]
    calc_id = parse_gid(lineItemId, "CalculatedLineItem") or -1
    if calc_id in s.added:
        variant_id, _q = s.added[calc_id]
        if quantity == 0:
            del s.added[calc_id]
            return _payload(store, s)
        s.added[calc_id] = (variant_id, quantity)
        return _payload(store, s, added_line(store, order, calc_id, variant_id, quantity))
    line = order.line(calc_id)
    if line is None:
        return _error(["lineItemId"], "The line item does not exist.")
    fulfilled = om.fulfilled_quantity(order, line)
    if quantity < fulfilled:
        return _error(
            ["quantity"], f"The quantity can't be lower than the fulfilled quantity of {fulfilled}."
        )
    s.quantities[line.id], s.restock[line.id] = quantity, bool(restock)
    return _payload(store, s, calc_line(store, order, s, line))


@field("Mutation", "orderEditAddVariant")
def edit_add_variant(
    _root: Any,
    info: Info,
    id: str,
    variantId: str,
    quantity: int,
    locationId: str | None = None,
    allowDuplicates: bool | None = None,
) -> dict[str, Any]:
    """Stage a new line for a variant."""
    store = store_of(info)
    s = live_session(store, id)
    if s is None:
        return _error(["id"], NO_SESSION, "INVALID")
    if quantity <= 0:
        return _error(["quantity"], "must be greater than 0")
    variant = store.variants.get(parse_gid(variantId, "ProductVariant") or -1)
    if variant is None:
        return _error(["variantId"], "The variant does not exist.")
    order = store.orders[s.order_id]
    if not allowDuplicates and any(
        li.variant_id == variant.id and li.current_quantity for li in order.line_items
    ):
        title = store.products[variant.product_id].title
        return _error(["id"], f"The {title} was not added because it's already on the order.")
    calc_id = store.next_id("LineItem")
    s.added[calc_id] = (variant.id, quantity)
    return _payload(store, s, added_line(store, order, calc_id, variant.id, quantity))


@field("Mutation", "orderEditCommit")
def edit_commit(
    _root: Any,
    info: Info,
    id: str,
    notifyCustomer: bool | None = None,
    staffNote: str | None = None,
) -> dict[str, Any]:
    """Apply staged edits: quantities, stock, fulfilment order lines."""
    store = store_of(info)
    s = live_session(store, id)
    if s is None:
        return {
            "order": None,
            "successMessages": [],
            "userErrors": [user_error(["id"], NO_SESSION, "INVALID")],
        }
    order = store.orders[s.order_id]
    for line_id, qty in s.quantities.items():
        line = order.line(line_id)
        assert line is not None
        _resize(store, order, line, qty, s.restock.get(line_id, False))
    for calc_id, (variant_id, qty) in s.added.items():
        _add_line(store, order, calc_id, variant_id, qty)
    s.committed = True
    order.updated_at = store.now()
    return {"order": order, "successMessages": ["Order updated"], "userErrors": []}


def _resize(store: Store, order: Order, line: LineItem, qty: int, restock: bool) -> None:
    delta = qty - line.current_quantity
    fo = next((f for f in order.fulfillment_orders if f.status in ("OPEN", "IN_PROGRESS")), None)
    fols = [fol for f in order.fulfillment_orders for fol in f.lines if fol.line_item_id == line.id]
    if delta < 0:
        left = -delta
        for f in order.fulfillment_orders:
            for fol in f.lines:
                if fol.line_item_id == line.id and left and fol.remaining_quantity:
                    take = min(left, fol.remaining_quantity)
                    fol.remaining_quantity -= take
                    left -= take
                    release_stock(store, line, f.location_id, take, restock)
            refresh_fo_status(f)
    elif delta > 0:
        target = next((fol for fol in fols if fo and fol in fo.lines), None)
        if fo is not None and target is not None:
            target.total_quantity += delta
            target.remaining_quantity += delta
        else:
            fo = open_fulfillment_order(store, order, store.primary_location.id, {line.id: delta})
        commit_stock(store, line, fo.location_id, delta)
        refresh_fo_status(fo)
    line.current_quantity = qty


def _add_line(store: Store, order: Order, line_id: int, variant_id: int, qty: int) -> None:
    from storefront_clients.sandbox.order_models import FulfillmentOrderLine

    variant = store.variants[variant_id]
    product = store.products[variant.product_id]
    line = LineItem(
        id=line_id,
        variant_id=variant.id,
        product_id=product.id,
        sku=variant.sku,
        title=product.title,
        variant_title=None if variant.title == "Default Title" else variant.title,
        vendor=product.vendor,
        quantity=qty,
        current_quantity=qty,
        unit_price=variant.price,
        discount=Decimal(0),
        tax_lines=[],
        requires_shipping=store.items[variant.inventory_item_id].requires_shipping,
        is_gift_card=False,
        taxable=variant.taxable,
        custom_attributes=[],
        selected_options=list(variant.selected_options),
    )
    order.line_items.append(line)
    store.own("LineItem", line.id, order)
    fo = next((f for f in order.fulfillment_orders if f.status in ("OPEN", "IN_PROGRESS")), None)
    if fo is None:
        fo = open_fulfillment_order(store, order, store.primary_location.id, {line.id: qty})
    elif line.requires_shipping:
        fol = FulfillmentOrderLine(store.next_id("FulfillmentOrderLineItem"), line.id, qty, qty)
        fo.lines.append(fol)
        store.own("FulfillmentOrderLineItem", fol.id, order)
    commit_stock(store, line, fo.location_id, qty)
    refresh_fo_status(fo)
