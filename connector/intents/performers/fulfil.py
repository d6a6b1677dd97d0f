"""fulfil and update_tracking: ship a package (at its facility's location, else per location); retrack it."""

from __future__ import annotations

from typing import Any

from connector.domain.locations import ship_from_location
from connector.intents.payloads import Fulfil, UpdateTracking
from connector.intents.snapshots import offered, remember
from connector.services import Services
from storefront_clients.base import Fulfillment, FulfillmentOrder, FulfillmentRequest, ShippingState, Tracking
from storefront_clients.errors import NotFoundError, PermanentStorefrontError, UserError


def tracking_of(number: str | None, company: str | None, url: str | None) -> Tracking | None:
    """The tracking to send, or None without a tracking number (reconcile repairs with it too)."""
    return Tracking(number, company, url) if number else None


def _ours(order: ShippingState, payload: Fulfil) -> list[Fulfillment]:
    """Fulfillments an earlier attempt of this package created (answered or not)."""
    number = payload.tracking_number
    created = set(payload.created or ())
    known = set(payload.known_fulfillments or ())
    found = []
    for existing in order.fulfillments:
        if existing.id in created:
            found.append(existing)
        elif number and any(t.number == number for t in existing.tracking):
            # fulfillmentCreate has no idempotency key: this package's tracking number means applied.
            found.append(existing)
        elif not number and payload.known_fulfillments is not None and existing.id not in known:
            # Untracked: a fulfillment that appeared after the intent was recorded and ships only
            # lines of this package is an earlier attempt that applied but never answered.
            wanted = dict(payload.lines)
            if all(wanted.get(li.line_item_id, 0) >= li.quantity for li in existing.lines):
                found.append(existing)
    return found


def _blocked(line_id: str, fulfillment_orders: tuple[FulfillmentOrder, ...]) -> UserError | None:
    """Why a line cannot ship now although the store still expects it: a hold, a date, a service."""
    for fo in fulfillment_orders:
        if fo.fulfillable or not any(x.line_item_id == line_id and x.remaining_quantity for x in fo.lines):
            continue
        line = line_id.rsplit("/", 1)[-1]
        if fo.status == "ON_HOLD":
            holds = (
                "; ".join(h.reason + (f" ({h.notes})" if h.notes else "") for h in fo.holds)
                or "no reason given"
            )
            return UserError(
                f"line {line}: its fulfillment order is on hold ({holds}); release the hold in Shopify "
                "first, the connector never ships through a hold",
                "ON_HOLD",
            )
        if fo.status == "SCHEDULED":
            when = fo.fulfill_at.isoformat() if fo.fulfill_at else "a later date"
            return UserError(
                f"line {line}: its fulfillment order is scheduled and cannot be fulfilled before {when}",
                "SCHEDULED",
            )
        if fo.fulfillment_service:
            return UserError(
                f"line {line}: it is assigned to the fulfillment service location "
                f"{fo.location_name or fo.location_id}; only that service may fulfil it",
                "FULFILLMENT_SERVICE",
            )
    return None


def _plan(
    wanted: dict[str, int], fulfillment_orders: tuple[FulfillmentOrder, ...]
) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """Lines to ship by location, then by fulfillment order: one fulfillmentCreate per location."""
    plan: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for line_id, qty in sorted(wanted.items()):
        remaining = qty
        for fo in fulfillment_orders:
            if not fo.fulfillable:
                continue
            for fo_line in fo.lines:
                if fo_line.line_item_id == line_id and fo_line.remaining_quantity > 0 and remaining > 0:
                    take = min(remaining, fo_line.remaining_quantity)
                    where = plan.setdefault(fo.location_id or "", {})
                    where.setdefault(fo.id, []).append((fo_line.id, take))
                    remaining -= take
        if remaining > 0:
            blocked = _blocked(line_id, fulfillment_orders)
            raise PermanentStorefrontError(
                "not shippable",
                (
                    blocked
                    or UserError(
                        f"line {line_id.rsplit('/', 1)[-1]}: {remaining} more than remain to ship",
                        "OVER_QUANTITY",
                    ),
                ),
            )
    return plan


def _moves(
    wanted: dict[str, int], fulfillment_orders: tuple[FulfillmentOrder, ...], target: str
) -> dict[str, list[tuple[str, int]]]:
    """Lines to move to `target` per fulfillment order: what the package needs beyond what is there.

    Only fulfillment orders this app may fulfil and the store lets it move (MOVE in supportedActions):
    a hold, a schedule or a fulfillment service's assignment is never moved around.
    """
    moves: dict[str, list[tuple[str, int]]] = {}
    for line_id, qty in sorted(wanted.items()):
        remaining = qty
        for fo in sorted(fulfillment_orders, key=lambda f: f.location_id != target):
            if not fo.fulfillable:
                continue
            movable = fo.location_id != target and fo.actions is not None and "MOVE" in fo.actions
            for fo_line in fo.lines:
                if fo_line.line_item_id != line_id or fo_line.remaining_quantity <= 0 or remaining <= 0:
                    continue
                take = min(remaining, fo_line.remaining_quantity)
                if movable:
                    moves.setdefault(fo.id, []).append((fo_line.id, take))
                if fo.location_id == target or movable:
                    remaining -= take
    return moves


async def _fulfillment_orders_at(
    services: Services, order: ShippingState, wanted: dict[str, int]
) -> tuple[FulfillmentOrder, ...]:
    """The order's fulfillment orders, after moving the package's lines to its facility's location.

    `fulfillmentOrderMove` reassigns unfulfilled lines ("a subset ... splits the fulfillment order":
    schema, FulfillmentOrderMovePayload.movedFulfillmentOrder), so the package then ships as one
    fulfillment. A move that applied without an answer shows on the retry's re-read as lines
    already at the location: nothing is moved twice.
    """
    fulfillment_orders = order.fulfillment_orders
    target = ship_from_location(services.settings)
    if not target:
        return fulfillment_orders
    moves = _moves(wanted, fulfillment_orders, target)
    for fo_id, lines in sorted(moves.items()):
        await services.storefront.move_fulfillment_order(fo_id, target, tuple(lines))
    if moves:
        fulfillment_orders = await services.storefront.fulfillment_orders(order.id)
    # The plan takes from the first fulfillment order holding a line: those at the target first.
    return tuple(sorted(fulfillment_orders, key=lambda fo: fo.location_id != target))


async def fulfil(services: Services, payload: Fulfil) -> dict[str, Any]:
    """Ship a package: one fulfillment per location its lines are assigned to; a retry never doubles.

    Shopify refuses one fulfillmentCreate over fulfillment orders at different locations ("All
    fulfillment orders must be assigned to a single location"), so a package whose lines sit at
    two locations becomes two fulfillments, unless every RetailOps facility maps to one location:
    then the lines are first moved there (`_fulfillment_orders_at`) and ship as one. Each
    fulfillment is recognised on a retry (by this package's tracking number, by the ids already
    recorded, or as a new untracked fulfillment of its lines) and only what none of them shipped
    is planned again from the remaining quantities.
    """
    order_id = payload.order_id
    # The first try of a brand-new intent uses the order the action read moments before: nothing of
    # this package can be in the store yet. Any other try re-reads, since an earlier one may have applied.
    order = offered(ShippingState, order_id) or await services.storefront.shipping_state(order_id)
    if order is None:
        raise NotFoundError(f"Shopify order {order_id} does not exist")
    wanted = dict(payload.lines)
    ours = _ours(order, payload)
    for existing in ours:
        for shipped in existing.lines:
            if shipped.line_item_id in wanted:
                wanted[shipped.line_item_id] -= shipped.quantity
    wanted = {k: v for k, v in wanted.items() if v > 0}
    ids = [f.id for f in ours]
    if wanted:
        plan = _plan(wanted, await _fulfillment_orders_at(services, order, wanted))
        for _location, by_order in sorted(plan.items()):
            created = await services.storefront.create_fulfillment(
                FulfillmentRequest(
                    order_id=order_id,
                    lines=tuple((fo_id, tuple(lines)) for fo_id, lines in by_order.items()),
                    tracking=tracking_of(payload.tracking_number, payload.company, payload.url),
                    notify_customer=services.settings.connector_notify_customer_on_ship,
                )
            )
            ids.append(created)
            await remember(services, "_created", ids)
    elif ids:
        return {"fulfillment_id": ids[0], "fulfillment_ids": ids, "found_existing": True}
    return {"fulfillment_id": ids[0], "fulfillment_ids": ids}


async def retrack(services: Services, payload: UpdateTracking) -> dict[str, Any]:
    """Replace a shipped package's tracking (on each of its fulfillments: one per location)."""
    tracking = tracking_of(payload.tracking_number, payload.company, payload.url)
    ids = list(payload.fulfillment_ids or (payload.fulfillment_id,))
    if tracking is not None:
        for fulfillment_id in ids:
            await services.storefront.update_tracking(fulfillment_id, tracking)
    return {"fulfillment_id": payload.fulfillment_id, "fulfillment_ids": ids}
