"""State changes on orders shared by mutations, the seed and the admin API."""

from __future__ import annotations

from .order_models import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
    LineItem,
    Order,
    TrackingInfo,
)
from .store import Store


def _level(store: Store, line: LineItem, location_id: int) -> tuple[bool, object]:
    variant = store.variants.get(line.variant_id) if line.variant_id else None
    if variant is None:
        return False, None
    item = store.items[variant.inventory_item_id]
    if not item.tracked:
        return False, None
    return True, store.ensure_level(item, location_id)


def commit_stock(store: Store, line: LineItem, location_id: int, qty: int) -> None:
    """An order takes `qty` units: available -> committed at the location."""
    ok, level = _level(store, line, location_id)
    if ok:
        level.available -= qty  # type: ignore[attr-defined]
        level.committed += qty  # type: ignore[attr-defined]


def ship_stock(store: Store, line: LineItem, location_id: int, qty: int) -> None:
    """Fulfilled units leave the building: committed (and so on_hand) drops."""
    ok, level = _level(store, line, location_id)
    if ok:
        level.committed -= qty  # type: ignore[attr-defined]


def release_stock(store: Store, line: LineItem, location_id: int, qty: int, restock: bool) -> None:
    """Unfulfilled units leave the order: committed drops; restocked ones become available."""
    ok, level = _level(store, line, location_id)
    if ok:
        level.committed -= qty  # type: ignore[attr-defined]
        if restock:
            level.available += qty  # type: ignore[attr-defined]


def return_stock(store: Store, line: LineItem, location_id: int, qty: int) -> None:
    """Returned (already shipped) units are restocked."""
    ok, level = _level(store, line, location_id)
    if ok:
        level.available += qty  # type: ignore[attr-defined]


def open_fulfillment_order(
    store: Store, order: Order, location_id: int, quantities: dict[int, int] | None = None
) -> FulfillmentOrder:
    """A fulfilment order for `quantities` (line id -> units; default every shippable line)."""
    now = store.now()
    fo = FulfillmentOrder(
        id=store.next_id("FulfillmentOrder"),
        location_id=location_id,
        status="OPEN",
        lines=[],
        created_at=now,
        updated_at=now,
    )
    for line in order.line_items:
        qty = line.current_quantity if quantities is None else quantities.get(line.id, 0)
        if not line.requires_shipping or qty == 0:
            continue
        fol = FulfillmentOrderLine(store.next_id("FulfillmentOrderLineItem"), line.id, qty, qty)
        fo.lines.append(fol)
        store.own("FulfillmentOrderLineItem", fol.id, order)
    order.fulfillment_orders.append(fo)
    store.own("FulfillmentOrder", fo.id, order)
    return fo


def refresh_fo_status(fo: FulfillmentOrder) -> None:
    """OPEN when untouched, IN_PROGRESS when partly fulfilled, CLOSED when nothing remains."""
    if fo.status in ("CANCELLED",):
        return
    remaining = sum(fol.remaining_quantity for fol in fo.lines)
    total = sum(fol.total_quantity for fol in fo.lines)
    if fo.status in ("ON_HOLD", "SCHEDULED") and remaining:
        return  # only a release (or the fulfil-at date) reopens it
    if remaining == 0:
        fo.status = "CLOSED"
    elif remaining < total:
        fo.status = "IN_PROGRESS"
    else:
        fo.status = "OPEN"


def fulfill(
    store: Store,
    order: Order,
    picks: list[tuple[FulfillmentOrder, FulfillmentOrderLine, int]],
    tracking: TrackingInfo | None,
    notify: bool,
) -> Fulfillment:
    """Create a fulfilment from (fulfilment order, line, quantity) picks; stock ships."""
    now = store.now()
    fulfillment = Fulfillment(
        id=store.next_id("Fulfillment"),
        name=f"{order.name}-F{len(order.fulfillments) + 1}",
        status="SUCCESS",
        location_id=picks[0][0].location_id,
        tracking=[tracking] if tracking and (tracking.number or tracking.company or tracking.url) else [],
        lines=[],
        notify_customer=notify,
        created_at=now,
        updated_at=now,
    )
    for fo, fol, qty in picks:
        fol.remaining_quantity -= qty
        line = order.line(fol.line_item_id)
        assert line is not None
        fulfillment.lines.append(FulfillmentLine(store.next_id("FulfillmentLineItem"), line.id, qty))
        ship_stock(store, line, fo.location_id, qty)
        fo.updated_at = now
        refresh_fo_status(fo)
    order.fulfillments.append(fulfillment)
    store.own("Fulfillment", fulfillment.id, order)
    order.updated_at = now
    return fulfillment
