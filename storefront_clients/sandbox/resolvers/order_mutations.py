"""Order state mutations: tags, cancel (async job), close/open, capture, mark as paid."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox.ids import gid_kind, parse_gid
from storefront_clients.sandbox.order_models import Order, Transaction
from storefront_clients.sandbox.order_ops import release_stock
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Job, Store
from storefront_clients.sandbox.webhooks import emit_order

from .common import not_found, store_of, user_error
from .nodes import lookup

ORDER_MISSING = "Order does not exist"


def _order(store: Store, value: str) -> Order | None:
    num = parse_gid(value, "Order")
    return store.orders.get(num) if num is not None else None


def _tags(info: Info, id: str, tags: list[str], add: bool) -> dict[str, Any]:
    store = store_of(info)
    node = lookup(store, id) if gid_kind(id) in ("Order", "Product") else None
    if node is None:
        raise not_found()
    wanted = [t.strip() for tag in tags for t in tag.split(",") if t.strip()]
    current: list[str] = node.tags
    if add:
        merged = current + [t for t in wanted if t.lower() not in {c.lower() for c in current}]
    else:
        merged = [c for c in current if c.lower() not in {t.lower() for t in wanted}]
    node.tags = sorted(merged, key=str.lower)
    node.updated_at = store.now()
    if isinstance(node, Order):
        emit_order(store, "orders/updated", node)
    return {"node": node, "userErrors": []}


@field("Mutation", "tagsAdd")
def tags_add(_root: Any, info: Info, id: str, tags: list[str]) -> dict[str, Any]:
    """Add tags (comma-separated values split) to an order or product."""
    return _tags(info, id, tags, add=True)


@field("Mutation", "tagsRemove")
def tags_remove(_root: Any, info: Info, id: str, tags: list[str]) -> dict[str, Any]:
    """Remove tags from an order or product."""
    return _tags(info, id, tags, add=False)


def _add_txn(
    store: Store, order: Order, kind: str, amount: Decimal, parent: Transaction | None, gateway: str
) -> Transaction:
    txn = Transaction(
        id=store.next_id("OrderTransaction"),
        kind=kind,
        status="SUCCESS",
        gateway=gateway,
        amount=amount,
        parent_id=parent.id if parent else None,
        card_company=parent.card_company if parent else None,
        manual_payment_gateway=gateway == "manual",
        created_at=store.now(),
    )
    order.transactions.append(txn)
    store.own("OrderTransaction", txn.id, order)
    return txn


def cancel_order(store: Store, order: Order, reason: str, restock: bool, refund: bool) -> None:
    """Cancel: release unfulfilled stock, void authorizations, refund payments if asked."""
    now = store.now()
    for fo in order.fulfillment_orders:
        for fol in fo.lines:
            line = order.line(fol.line_item_id)
            if line is not None and fol.remaining_quantity:
                release_stock(store, line, fo.location_id, fol.remaining_quantity, restock)
            fol.remaining_quantity = 0
        if fo.status in ("OPEN", "IN_PROGRESS"):
            fo.status = "CANCELLED" if fo.status == "OPEN" else "CLOSED"
    for line in order.line_items:
        line.current_quantity = om.fulfilled_quantity(order, line)
    for auth in [t for t in order.transactions if om.unsettled(order, t) > 0]:
        _add_txn(store, order, "VOID", Decimal(0), auth, auth.gateway)
    paid = om.received(order) - om.refunded(order)
    if refund and paid > 0:
        sale = next(
            (t for t in order.transactions if t.kind in ("SALE", "CAPTURE") and t.status == "SUCCESS"), None
        )
        _add_txn(store, order, "REFUND", paid, sale, sale.gateway if sale else "manual")
    order.cancelled_at, order.cancel_reason = now, reason
    order.closed_at = order.closed_at or now
    order.updated_at = now


@field("Mutation", "orderCancel")
def order_cancel(
    _root: Any,
    info: Info,
    orderId: str,
    reason: str,
    restock: bool,
    refund: bool | None = None,
    refundMethod: dict[str, Any] | None = None,
    notifyCustomer: bool | None = None,
    staffNote: str | None = None,
) -> dict[str, Any]:
    """Cancel an order asynchronously: returns a job; fails while fulfilments exist."""
    store = store_of(info)
    order = _order(store, orderId)
    problem = None
    if order is None:
        problem = user_error(["orderId"], ORDER_MISSING, "NOT_FOUND")
    elif any(f.status == "SUCCESS" for f in order.fulfillments):
        problem = user_error(
            ["orderId"], "Cannot cancel an order that has outstanding fulfillments", "INVALID"
        )
    elif order.cancelled_at is not None:
        problem = user_error(["orderId"], "Order has already been cancelled", "INVALID")
    if problem is not None:
        legacy = {"field": problem["field"], "message": problem["message"]}
        return {"job": None, "orderCancelUserErrors": [problem], "userErrors": [legacy]}
    assert order is not None
    wants_refund = bool(refund) or bool((refundMethod or {}).get("originalPaymentMethodsRefund"))
    cancel_order(store, order, reason, restock, wants_refund)
    emit_order(store, "orders/cancelled", order)
    job = Job(id=f"gid://shopify/Job/{uuid.UUID(int=store.next_id('Job'))}", done=False)
    store.jobs[job.id] = job
    return {"job": {"id": job.id, "done": False}, "orderCancelUserErrors": [], "userErrors": []}


@field("QueryRoot", "job")
def job(_root: Any, info: Info, id: str) -> dict[str, Any] | None:
    """An async job; sandbox jobs finish by the time they are first polled."""
    found = store_of(info).jobs.get(id)
    if found is None:
        return None
    found.done = True
    return {"id": found.id, "done": True, "query": {}}


@field("Mutation", "orderClose")
def order_close(_root: Any, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    """Archive an order (no-op when already closed)."""
    store = store_of(info)
    order = _order(store, input["id"])
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], ORDER_MISSING)]}
    if order.closed_at is None:
        order.closed_at = order.updated_at = store.now()
    return {"order": order, "userErrors": []}


@field("Mutation", "orderOpen")
def order_open(_root: Any, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    """Unarchive an order."""
    store = store_of(info)
    order = _order(store, input["id"])
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], ORDER_MISSING)]}
    order.closed_at = None
    order.updated_at = store.now()
    return {"order": order, "userErrors": []}


@field("Mutation", "orderCapture")
def order_capture(_root: Any, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    """Capture (part of) an authorization; over-capture is a userError."""
    store = store_of(info)
    order = _order(store, input["id"])
    if order is None:
        return {"transaction": None, "userErrors": [user_error(["id"], ORDER_MISSING)]}
    parent_id = parse_gid(input["parentTransactionId"], "OrderTransaction")
    parent = next((t for t in order.transactions if t.id == parent_id and t.kind == "AUTHORIZATION"), None)
    if parent is None:
        return {
            "transaction": None,
            "userErrors": [user_error(["parentTransactionId"], "Parent transaction does not exist")],
        }
    amount: Decimal = input["amount"]
    left = om.unsettled(order, parent)
    if amount <= 0:
        return {"transaction": None, "userErrors": [user_error(["amount"], "Amount must be greater than 0")]}
    if amount > left:
        message = f"Amount to capture ({amount}) exceeds the capturable amount ({left})"
        return {"transaction": None, "userErrors": [user_error(["amount"], message)]}
    txn = _add_txn(store, order, "CAPTURE", amount, parent, parent.gateway)
    if input.get("finalCapture") and om.unsettled(order, parent) > 0:
        _add_txn(store, order, "VOID", Decimal(0), parent, parent.gateway)
    order.updated_at = store.now()
    return {"transaction": txn, "userErrors": []}


@field("Mutation", "orderMarkAsPaid")
def order_mark_as_paid(_root: Any, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    """Record a manual SALE for the outstanding amount (manual-gateway orders)."""
    store = store_of(info)
    order = _order(store, input["id"])
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], ORDER_MISSING)]}
    due = om.outstanding(order)
    if due <= 0 or order.cancelled_at is not None or om.capturable(order) > 0:
        return {"order": order, "userErrors": [user_error(["id"], "Order cannot be marked as paid.")]}
    for pending in [t for t in order.transactions if t.status == "PENDING"]:
        pending.status = "FAILURE"
    _add_txn(store, order, "SALE", due, None, "manual")
    order.updated_at = store.now()
    return {"order": order, "userErrors": []}
