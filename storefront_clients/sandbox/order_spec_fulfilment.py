"""Locations, extra fulfilment orders and fulfilments of a described order (called by order_builder)."""

from __future__ import annotations

from typing import Any

from .catalog_models import Location
from .ids import parse_gid
from .order_models import FulfillmentHold, FulfillmentOrder, LineItem, Order, TrackingInfo
from .order_ops import fulfill, open_fulfillment_order
from .order_spec import OrderSpecError, spec_time
from .store import Store


def lines_of(order: Order, spec: dict[str, Any]) -> list[LineItem]:
    """The order's shippable lines whose SKU a `fulfillment_orders` entry names (build_order, here)."""
    skus = set(spec.get("skus") or [])
    return [li for li in order.line_items if li.sku in skus and li.requires_shipping]


def extra_fulfillment_order(store: Store, order: Order, spec: dict[str, Any]) -> FulfillmentOrder:
    """A fulfilment order for some lines, at its own location, maybe held or scheduled."""
    lines = lines_of(order, spec)
    if not lines:
        raise OrderSpecError(f"fulfillment order skus {spec.get('skus')!r} match no shippable line")
    fo = open_fulfillment_order(
        store, order, location_of(store, spec.get("location")), {li.id: li.current_quantity for li in lines}
    )
    status = spec.get("status", "OPEN")
    if status not in ("OPEN", "ON_HOLD", "SCHEDULED"):
        raise OrderSpecError(f"unknown fulfillment order status {status!r}")
    fo.status = status
    if status == "ON_HOLD":
        hold = spec.get("hold") or {}
        fo.holds.append(
            FulfillmentHold(store.next_id("FulfillmentHold"), hold.get("reason", "OTHER"), hold.get("notes"))
        )
    if status == "SCHEDULED":
        fo.fulfill_at = spec_time(spec.get("fulfill_at"), store.now())
    return fo


def fulfillment_service_location(store: Store) -> int:
    """The location of the sandbox's fulfilment service app (created on first use)."""
    found = next((loc for loc in store.locations.values() if loc.fulfillment_service), None)
    if found is None:
        found = Location(
            store.next_id("Location"), "Sandbox 3PL", False, "5 Depot Ln", "Reno", "NV", "US", "89501"
        )
        found.fulfillment_service = "sandbox-3pl"
        store.locations[found.id] = found
    return found.id


def location_of(store: Store, value: Any) -> int:
    """The location a described `location` names, else the primary one (build_order, here)."""
    if value == "fulfillment_service":
        return fulfillment_service_location(store)
    if value == "secondary":
        return next(loc.id for loc in store.locations.values() if not loc.is_primary)
    num = parse_gid(value, "Location") if value else None
    if num is not None and num in store.locations:
        return num
    return store.primary_location.id


def fulfil_described(store: Store, order: Order, desc: dict[str, Any]) -> None:
    """Ship the `fulfilled` units of the first fulfilment order, in `fulfillment_count` fulfilments."""
    wanted = desc.get("fulfilled")
    if not wanted:
        return
    fo = order.fulfillment_orders[0]
    picks = []
    for fol in fo.lines:
        line = order.line(fol.line_item_id)
        assert line is not None
        qty = fol.remaining_quantity if wanted == "all" else int(wanted.get(line.sku or "", 0))
        if qty > 0:
            picks.append((fo, fol, min(qty, fol.remaining_quantity)))
    if not picks:
        return
    track = desc.get("tracking") or {"company": "UPS", "number": f"1Z{order.number:010d}", "url": None}
    count = int(desc.get("fulfillment_count", 0))
    if count <= 1:
        tracking = TrackingInfo(track.get("company"), track.get("number"), track.get("url"))
        fulfill(store, order, picks, tracking, notify=False)
        return
    # One unit per fulfilment for the first `count - 1` units, the rest in one last fulfilment.
    units = [(f, fol) for f, fol, qty in picks for _ in range(qty)]
    for n, (f, fol) in enumerate(units[: count - 1]):
        tracking = TrackingInfo(track.get("company"), f"{track.get('number')}-{n + 1}", track.get("url"))
        fulfill(store, order, [(f, fol, 1)], tracking, notify=False)
    left: dict[int, tuple[Any, Any, int]] = {}
    for f, fol in units[count - 1 :]:
        prev = left.get(fol.id)
        left[fol.id] = (f, fol, (prev[2] if prev else 0) + 1)
    if left:
        tracking = TrackingInfo(track.get("company"), f"{track.get('number')}-{count}", track.get("url"))
        fulfill(store, order, list(left.values()), tracking, notify=False)
