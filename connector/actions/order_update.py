"""order_update: apply RetailOps' line changes through an order edit; a repeat changes nothing."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents import execute, performer
from connector.mapping.orders import CENT
from connector.mapping.refs import line_gid, line_refnum
from connector.repo import intents, skus
from connector.retailops import (
    Association,
    Event,
    EventCode,
    OrderUpdateRequest,
    error_event,
    warning_event,
)
from connector.retailops.responses import LineItemWriteback, OrderUpdateResponse, OrderValuesWriteback
from connector.services import Services
from storefront_clients.base import LineEdit, StoreOrder
from storefront_clients.errors import StorefrontError


@performer("edit_order")
async def edit(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Set line quantities / add variants where the store differs from what RetailOps wants.

    Planned from the store's current lines on every attempt: orderEditCommit takes no idempotency
    key, so after a commit that applied without an answer the variant is on the order already and
    is not added again (and is sent with allowDuplicates: false, so the store refuses a double).
    """
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        return {"missing": True}
    current = {line.id: line for line in order.lines}
    before = set(payload.get("_lines_before") or current)
    edits = [
        LineEdit(quantity=qty, line_item_id=line_id)
        for line_id, qty in payload["set"]
        if line_id in current and current[line_id].current_quantity != qty
    ]
    present: dict[str, str] = {}
    already: list[str] = []
    for variant_id, qty in payload["add"]:
        line = next((li for li in order.lines if li.variant_id == variant_id and li.current_quantity), None)
        if line is None:
            edits.append(LineEdit(quantity=qty, variant_id=variant_id))
            continue
        present[variant_id] = line.id
        if line.id in before:
            # On the order before RetailOps asked: Shopify refuses a second line for it.
            already.append(variant_id)
    result: dict[str, Any] = {"lines": present, "already_on_order": already}
    if not edits:
        return result
    after = await services.storefront.edit_order(order_id, edits)
    for line in after.lines:
        if line.variant_id and line.variant_id not in present and line.id not in before:
            present[line.variant_id] = line.id
    for variant_id, _qty in payload["add"]:
        if variant_id not in present:
            # Refused as "already on the order" inside the session: the line that carries it is ours.
            line = next(
                (li for li in after.lines if li.variant_id == variant_id and li.current_quantity), None
            )
            if line is not None:
                present[variant_id] = line.id
    return result


def _target(order: StoreOrder, refnum: str, quantity: int | None, removed: bool | None) -> int | None:
    line = next((x for x in order.lines if x.id == line_gid(refnum)), None)
    if line is None:
        return None
    shipped = line.current_quantity - line.unfulfilled_quantity
    return shipped if removed else max(quantity if quantity is not None else line.current_quantity, shipped)


async def handle(services: Services, request: OrderUpdateRequest) -> OrderUpdateResponse:
    """Edit the order; answer line_items (order_item_id ↔ refnum) and order values as the store has them."""
    ro_order = request.order
    refnum = ((ro_order.channel_order_refnum if ro_order else None) or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None or ro_order is None:
        return OrderUpdateResponse(events=[unknown_order(refnum)])
    events: list[Event] = []
    set_lines: list[list[Any]] = []
    add_lines: list[list[Any]] = []
    pending_ids: dict[str, int] = {}
    answered: list[LineItemWriteback] = []
    added_skus: list[str] = []
    add_pairs: list[tuple[str, int]] = []
    for item in ro_order.order_items or []:
        if item.channel_item_refnum:
            target = _target(order, item.channel_item_refnum, item.quantity, item.removed)
            if target is None:
                events.append(
                    error_event(
                        EventCode.UNKNOWN_ORDER_ITEM,
                        f"Line {item.channel_item_refnum!r} is not on this order; it cannot be edited",
                        Association.orderitem_refnum(item.channel_item_refnum),
                    )
                )
                continue
            set_lines.append([line_gid(item.channel_item_refnum), target])
            if item.order_item_id is not None:
                answered.append(
                    LineItemWriteback(
                        order_item_id=item.order_item_id,
                        refnum=item.channel_item_refnum,
                        quantity=target,
                    )
                )
        elif item.sku and not item.removed and item.quantity:
            found = await services.db.run(partial(skus.lookup, skus=[item.sku]))
            ref = found.get(item.sku)
            variant_id = ref.variant_id if ref else None
            if variant_id is None:
                resolved = await services.storefront.resolve_skus([item.sku])
                await services.db.run(partial(skus.record, refs=resolved.values()))
                variant_id = resolved[item.sku].variant_id if item.sku in resolved else None
            if variant_id is None:
                events.append(
                    error_event(
                        EventCode.UNKNOWN_SKU,
                        f"SKU {item.sku!r} is not in the store; line not added",
                        Association.sku_number(item.sku),
                    )
                )
                continue
            add_lines.append([variant_id, item.quantity])
            add_pairs.append((variant_id, item.quantity))
            added_skus.append(item.sku)
            if item.order_item_id is not None:
                pending_ids[variant_id] = item.order_item_id
    payload: dict[str, Any] = {"order_id": order.id, "set": sorted(set_lines), "add": sorted(add_lines)}
    key = f"edit:{refnum}:{intents.payload_hash(payload)[:16]}"
    # The lines before this edit, to tell a line an unanswered earlier attempt added from one the
    # customer ordered (not part of the request: a repeat keeps the first snapshot).
    payload["_lines_before"] = sorted(line.id for line in order.lines)
    outcome = await execute(services, key=key, kind="edit_order", refnum=refnum, payload=payload)
    for variant_id in outcome.result.get("already_on_order") or []:
        sku = next(
            (s for s, (v, _q) in zip(added_skus, add_pairs, strict=True) if v == variant_id), variant_id
        )
        events.append(
            warning_event(
                EventCode.UNSUPPORTED,
                f"SKU {sku!r} is already on this order; Shopify keeps one line per variant, so no "
                "second line was added (change the existing line's quantity instead)",
                Association.sku_number(sku),
            )
        )
    # A refused edit names every line it touched, so RetailOps can show which items are stuck.
    touched = [Association.orderitem_refnum(line_refnum(line_id)) for line_id, _ in set_lines]
    touched += [Association.sku_number(sku) for sku in added_skus]
    events += outcome_events(
        outcome,
        "Order edit",
        Association.order_refnum(refnum),
        *(touched if outcome.status == "failed" else []),
    )
    for variant_id, line_id in (outcome.result.get("lines") or {}).items():
        if variant_id in pending_ids:
            answered.append(
                LineItemWriteback(order_item_id=pending_ids[variant_id], refnum=line_refnum(line_id))
            )
    after = await _order_after(services, order.id) if outcome.status == "done" else None
    if after is None:
        return OrderUpdateResponse(events=events, line_items=answered or None)
    return OrderUpdateResponse(
        events=events,
        line_items=[_as_stored(item, after) for item in answered] or None,
        values=_values(after),
    )


async def _order_after(services: Services, order_id: str) -> StoreOrder | None:
    """The order as the store holds it after the edit (None if the store cannot answer now)."""
    try:
        return (await services.storefront.fetch_orders([order_id])).get(order_id)
    except StorefrontError:
        return None


def _as_stored(item: LineItemWriteback, order: StoreOrder) -> LineItemWriteback:
    """A line's writeback with the quantity, tax and discount the store now has for it."""
    line = next((li for li in order.lines if li.id == line_gid(item.refnum)), None)
    if line is None:
        return item
    qty = line.current_quantity
    return item.model_copy(
        update={
            "quantity": qty,
            "discount_amt": line.total_discount.amount,
            "unit_tax": (line.total_tax.amount / qty).quantize(CENT) if qty else Decimal(0),
        }
    )


def _values(order: StoreOrder) -> OrderValuesWriteback:
    """Order-level totals as the store now has them."""
    shipping = sum((s.price.amount - s.discount.amount for s in order.shipping_lines), Decimal(0))
    return OrderValuesWriteback(
        shipping_amt=shipping,
        tax_amt=order.total_tax.amount if order.total_tax else None,
        discount_amt=order.total_discounts.amount if order.total_discounts else None,
    )
