"""order_update: apply RetailOps' line changes through an order edit; a repeat changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from connector.actions.common import Target, outcome_events, resolve
from connector.intents.engine import Outcome, execute
from connector.intents.payloads import EditOrder
from connector.intents.snapshots import offer
from connector.mapping.orders import CENT
from connector.mapping.refs import line_gid, line_refnum
from connector.repo import skus
from connector.retailops import (
    Association,
    Event,
    EventCode,
    OrderUpdateRequest,
    error_event,
    warning_event,
)
from connector.retailops.responses import LineItemWriteback, OrderUpdateResponse, OrderValuesWriteback
from connector.retailops.writeback import UpdatedOrderItem as OrderItem
from connector.services import Services
from storefront_clients.base import StoreOrder
from storefront_clients.errors import StorefrontError


@dataclass
class EditPlan:
    """What the edit will ask of the store, and what the answer will say about each line."""

    set_lines: list[tuple[str, int]] = field(default_factory=list)  # (line id, wanted quantity)
    add_lines: list[tuple[str, int]] = field(default_factory=list)  # (variant id, quantity)
    events: list[Event] = field(default_factory=list)
    answered: list[LineItemWriteback] = field(default_factory=list)  # lines RetailOps named
    pending_ids: dict[str, int] = field(default_factory=dict)  # added variant id → order_item_id
    added_skus: list[str] = field(default_factory=list)

    def payload(self, order_id: str) -> EditOrder:
        """The edit intent's payload (sorted, so the same edit always has the same key)."""
        return EditOrder(
            order_id=order_id, set=tuple(sorted(self.set_lines)), add=tuple(sorted(self.add_lines))
        )

    def touched(self) -> list[Association]:
        """Every line the edit touches; a refusal names them so RetailOps can show what is stuck."""
        lines = [Association.orderitem_refnum(line_refnum(line_id)) for line_id, _ in self.set_lines]
        return lines + [Association.sku_number(sku) for sku in self.added_skus]


async def handle(services: Services, request: OrderUpdateRequest) -> OrderUpdateResponse:
    """Edit the order; answer line_items (order_item_id ↔ refnum) and order values as the store has them."""
    ro_order = request.order
    target = await resolve(services, ro_order.channel_order_refnum if ro_order else None)
    if isinstance(target, Event):
        return OrderUpdateResponse(events=[target])
    plan = await plan_edit(services, target.order, (ro_order.order_items if ro_order else None) or [])
    payload = plan.payload(target.order.id)
    key = f"edit:{target.refnum}:{payload.digest()[:16]}"
    # The lines before this edit (a snapshot, not part of the key): a repeat keeps the first one.
    payload = replace(payload, lines_before=tuple(sorted(line.id for line in target.order.lines)))
    # The order just read is the store's state until this intent writes: its first try reuses it.
    with offer(key, target.order):
        outcome = await execute(services, key=key, refnum=target.refnum, payload=payload)
    return await answer(services, target, plan, outcome)


async def plan_edit(services: Services, order: StoreOrder, items: list[OrderItem]) -> EditPlan:
    """Plan the edit: each named line to its target quantity, each new SKU as an added variant."""
    plan = EditPlan()
    for item in items:
        if item.channel_item_refnum:
            _plan_line(plan, order, item, item.channel_item_refnum)
        elif item.sku and not item.removed and item.quantity:
            await _plan_addition(services, plan, item, item.sku, item.quantity)
    return plan


def _plan_line(plan: EditPlan, order: StoreOrder, item: OrderItem, refnum: str) -> None:
    target = _target(order, refnum, item.quantity, item.removed)
    if target is None:
        plan.events.append(
            error_event(
                EventCode.UNKNOWN_ORDER_ITEM,
                f"Line {refnum!r} is not on this order; it cannot be edited",
                Association.orderitem_refnum(refnum),
            )
        )
        return
    plan.set_lines.append((line_gid(refnum), target))
    if item.order_item_id is not None:
        plan.answered.append(
            LineItemWriteback(order_item_id=item.order_item_id, refnum=refnum, quantity=target)
        )


def _target(order: StoreOrder, refnum: str, quantity: int | None, removed: bool | None) -> int | None:
    """The quantity a line is edited to: never below what already shipped; None if not on the order."""
    line = next((x for x in order.lines if x.id == line_gid(refnum)), None)
    if line is None:
        return None
    shipped = line.current_quantity - line.unfulfilled_quantity
    return shipped if removed else max(quantity if quantity is not None else line.current_quantity, shipped)


async def _plan_addition(
    services: Services, plan: EditPlan, item: OrderItem, sku: str, quantity: int
) -> None:
    variant_id = await _variant_of(services, sku)
    if variant_id is None:
        plan.events.append(
            error_event(
                EventCode.UNKNOWN_SKU,
                f"SKU {sku!r} is not in the store; line not added",
                Association.sku_number(sku),
            )
        )
        return
    plan.add_lines.append((variant_id, quantity))
    plan.added_skus.append(sku)
    if item.order_item_id is not None:
        plan.pending_ids[variant_id] = item.order_item_id


async def _variant_of(services: Services, sku: str) -> str | None:
    """The store variant for a SKU: the SKU map first, then one store lookup (remembered)."""
    found = await services.db.run(partial(skus.lookup, skus=[sku]))
    ref = found.get(sku)
    if ref is not None and ref.variant_id is not None:
        return ref.variant_id
    resolved = await services.storefront.resolve_skus([sku])
    await services.db.run(partial(skus.record, refs=resolved.values()))
    return resolved[sku].variant_id if sku in resolved else None


async def answer(services: Services, target: Target, plan: EditPlan, outcome: Outcome) -> OrderUpdateResponse:
    """Answer from the outcome, and after an applied edit from the order as the store now has it."""
    events = plan.events + outcome_events(
        outcome, "Order edit", target.assoc, *(plan.touched() if outcome.status == "failed" else [])
    )
    skus = dict(zip((v for v, _ in plan.add_lines), plan.added_skus, strict=True))
    for variant_id in outcome.result.get("already_on_order") or []:
        sku = skus.get(variant_id, variant_id)
        events.append(
            warning_event(
                EventCode.UNSUPPORTED,
                f"SKU {sku!r} is already on this order; Shopify keeps one line per variant, so no "
                "second line was added (change the existing line's quantity instead)",
                Association.sku_number(sku),
            )
        )
    answered = list(plan.answered)
    for variant_id, line_id in (outcome.result.get("lines") or {}).items():
        if variant_id in plan.pending_ids:
            answered.append(
                LineItemWriteback(order_item_id=plan.pending_ids[variant_id], refnum=line_refnum(line_id))
            )
    after = await _order_after(services, target.order.id) if outcome.status == "done" else None
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
