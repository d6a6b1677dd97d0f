"""order_shipment_submit: each package becomes one fulfillment with tracking, idempotent per package."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from connector.actions.common import find_order, outcome_events, repeat_event, unknown_order
from connector.intents import Outcome, execute, performer, remember
from connector.mapping.carriers import tracking_company, tracking_url
from connector.mapping.refs import line_gid
from connector.repo import intents
from connector.retailops import (
    Association,
    Event,
    EventCode,
    OrderShipmentSubmitRequest,
    error_event,
)
from connector.retailops.responses import OrderShipmentSubmitResponse
from connector.retailops.writeback import Package
from connector.services import Services
from storefront_clients.base import Fulfillment, FulfillmentOrder, FulfillmentRequest, StoreOrder, Tracking
from storefront_clients.errors import PermanentStorefrontError, UserError


def _tracking(payload: dict[str, Any]) -> Tracking | None:
    return (
        Tracking(payload["tracking_number"], payload.get("company"), payload.get("url"))
        if payload.get("tracking_number")
        else None
    )


def _ours(order: StoreOrder, payload: dict[str, Any]) -> list[Fulfillment]:
    """Fulfillments an earlier attempt of this package created (answered or not)."""
    number = payload.get("tracking_number")
    created = set(payload.get("_created") or [])
    known = set(payload.get("_known_fulfillments", []))
    found = []
    for existing in order.fulfillments:
        if existing.id in created:
            found.append(existing)
        elif number and any(t.number == number for t in existing.tracking):
            # fulfillmentCreate has no idempotency key: this package's tracking number means applied.
            found.append(existing)
        elif not number and "_known_fulfillments" in payload and existing.id not in known:
            # Untracked: a fulfillment that appeared after the intent was recorded and ships only
            # lines of this package is an earlier attempt that applied but never answered.
            wanted = dict((line_id, qty) for line_id, qty in payload["lines"])
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


@performer("fulfil")
async def fulfil(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Ship a package: one fulfillment per location its lines are assigned to; a retry never doubles.

    Shopify refuses one fulfillmentCreate over fulfillment orders at different locations ("All
    fulfillment orders must be assigned to a single location"), so a package whose lines sit at
    two locations becomes two fulfillments. Each is recognised on a retry (by this package's
    tracking number, by the ids already recorded, or as a new untracked fulfillment of its lines)
    and only what none of them shipped is planned again from the remaining quantities.
    """
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    wanted = {line_id: qty for line_id, qty in payload["lines"]}
    ours = _ours(order, payload) if order is not None else []
    for existing in ours:
        for shipped in existing.lines:
            if shipped.line_item_id in wanted:
                wanted[shipped.line_item_id] -= shipped.quantity
    wanted = {k: v for k, v in wanted.items() if v > 0}
    ids = [f.id for f in ours]
    if wanted:
        plan = _plan(wanted, await services.storefront.fulfillment_orders(order_id))
        for _location, by_order in sorted(plan.items()):
            fulfillment = await services.storefront.create_fulfillment(
                FulfillmentRequest(
                    order_id=order_id,
                    lines=tuple((fo_id, tuple(lines)) for fo_id, lines in by_order.items()),
                    tracking=_tracking(payload),
                    notify_customer=services.settings.connector_notify_customer_on_ship,
                )
            )
            ids.append(fulfillment.id)
            await remember(services, payload, "_created", ids)
    elif ids:
        return {"fulfillment_id": ids[0], "fulfillment_ids": ids, "found_existing": True}
    return {"fulfillment_id": ids[0], "fulfillment_ids": ids}


@performer("update_tracking")
async def retrack(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Replace a shipped package's tracking (on each of its fulfillments)."""
    tracking = _tracking(payload)
    ids = payload.get("fulfillment_ids") or [payload["fulfillment_id"]]
    if tracking is not None:
        for fulfillment_id in ids:
            await services.storefront.update_tracking(fulfillment_id, tracking)
    return {"fulfillment_id": payload["fulfillment_id"], "fulfillment_ids": ids}


def _package_payload(order: StoreOrder, package: Package) -> tuple[dict[str, Any], list[Event]]:
    events: list[Event] = []
    known = {line.id for line in order.lines}
    lines: dict[str, int] = {}
    for item in package.package_items or []:
        if not item.channel_item_refnum or not item.quantity or item.quantity <= 0:
            events.append(
                error_event(
                    EventCode.INVALID_REQUEST,
                    "package item needs channel_item_refnum and a positive quantity",
                    *(
                        [Association.shipmentitem_id(item.retailops_shipment_item_id)]
                        if item.retailops_shipment_item_id is not None
                        else []
                    ),
                )
            )
            continue
        gid = line_gid(item.channel_item_refnum)
        if gid not in known:
            events.append(
                error_event(
                    EventCode.UNKNOWN_ORDER_ITEM,
                    f"Line {item.channel_item_refnum!r} is not on this order; it was not shipped",
                    Association.orderitem_refnum(item.channel_item_refnum),
                )
            )
            continue
        lines[gid] = lines.get(gid, 0) + item.quantity
    company = tracking_company(package.carrier_name)
    number = (package.tracking_number or "").strip() or None
    return {
        "order_id": order.id,
        "lines": [[k, v] for k, v in sorted(lines.items())],
        "tracking_number": number,
        "company": company,
        "url": tracking_url(company, number),
    }, events


async def _retrack(
    services: Services, key: str, refnum: str, payload: dict[str, Any], result: str
) -> Outcome:
    """New tracking for an already shipped package: update the fulfillment, never ship again."""
    shipped = json.loads(result)
    tracking_payload = {
        **payload,
        "fulfillment_id": shipped["fulfillment_id"],
        "fulfillment_ids": shipped.get("fulfillment_ids") or [shipped["fulfillment_id"]],
    }
    outcome = await execute(
        services,
        key=f"{key}:track:{intents.payload_hash(tracking_payload)[:12]}",
        kind="update_tracking",
        refnum=refnum,
        payload=tracking_payload,
    )
    if outcome.status != "failed":
        await services.db.run(partial(_replace_payload, key=key, payload=payload))
    return outcome


async def handle(services: Services, request: OrderShipmentSubmitRequest) -> OrderShipmentSubmitResponse:
    """One fulfillment per package; repeats change nothing; new tracking for a shipped package updates it."""
    refnum = (request.channel_order_refnum or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return OrderShipmentSubmitResponse(events=[unknown_order(refnum)])
    shipment = request.shipment
    shipment_id = shipment.retailops_shipment_id if shipment else None
    assocs = (
        Association.shipment_id(str(shipment_id if shipment_id is not None else "")),
        Association.order_refnum(refnum),
    )
    events: list[Event] = []
    # Fulfillments that exist before this request's packages are written (see `fulfil`).
    known = sorted(f.id for f in order.fulfillments)
    for package in (shipment.packages if shipment else None) or []:
        what = f"Package {package.retailops_package_id}"
        payload, problems = _package_payload(order, package)
        events += problems
        if not payload["lines"]:
            continue
        key = f"ship:{refnum}:{shipment_id or 0}:{package.retailops_package_id}"
        previous = await services.db.run(partial(intents.get, key=key))
        done = previous if previous is not None and previous.result else None
        before = json.loads(done.payload) if done is not None else {}
        if done is not None and before["lines"] == payload["lines"]:
            asked = (payload["tracking_number"], payload["company"])
            if (before.get("tracking_number"), before.get("company")) == asked:
                events.append(repeat_event(what, *assocs))
                continue
            outcome = await _retrack(services, key, refnum, payload, done.result or "{}")
        else:
            payload = {**payload, "_known_fulfillments": known}
            outcome = await execute(services, key=key, kind="fulfil", refnum=refnum, payload=payload)
            created = outcome.result.get("fulfillment_ids") or [outcome.result.get("fulfillment_id")]
            known = sorted({*known, *(f for f in created if f)})
        if outcome.repeat:
            events.append(repeat_event(what, *assocs))
        events += [_coded(e) for e in outcome_events(outcome, what, *assocs)]
    return OrderShipmentSubmitResponse(events=events)


def _coded(event: Event) -> Event:
    """A refused package's event, coded for a hold or a fulfillment service when that is the cause."""
    for marker, code in _CAUSES:
        if marker in event.message:
            return event.model_copy(update={"code": code})
    return event


_CAUSES = (
    ("[ON_HOLD]", EventCode.FULFILLMENT_HELD),
    ("[SCHEDULED]", EventCode.FULFILLMENT_HELD),
    ("[FULFILLMENT_SERVICE]", EventCode.FULFILLMENT_SERVICE),
)


def _replace_payload(session: Any, key: str, payload: dict[str, Any]) -> None:
    """Record a package's new tracking on its (done) fulfil intent so the next repeat is recognised."""
    intent = intents.get(session, key)
    if intent is not None:
        intent.payload = json.dumps(payload, sort_keys=True, default=str)
        intent.payload_hash = intents.payload_hash(payload)
        session.add(intent)
