"""order_shipment_submit: each package becomes one fulfillment with tracking, idempotent per package."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from connector.actions.common import find_order, outcome_events, repeat_event, unknown_order
from connector.intents import Outcome, execute, performer
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
from storefront_clients.base import FulfillmentRequest, StoreOrder, Tracking
from storefront_clients.errors import PermanentStorefrontError, UserError


def _tracking(payload: dict[str, Any]) -> Tracking | None:
    return (
        Tracking(payload["tracking_number"], payload.get("company"), payload.get("url"))
        if payload.get("tracking_number")
        else None
    )


@performer("fulfil")
async def fulfil(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Ship a package's lines across its fulfillment orders; re-reads state so a retry never doubles."""
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    number = payload.get("tracking_number")
    if order is not None and number:
        # fulfillmentCreate has no idempotency key: a fulfillment with this package's tracking means applied.
        for existing in order.fulfillments:
            if any(t.number == number for t in existing.tracking):
                return {"fulfillment_id": existing.id, "found_existing": True}
    if order is not None:
        # Without a tracking number, a fulfillment that appeared after the intent was recorded and
        # ships exactly this package's lines is an earlier attempt that applied but never answered.
        known = set(payload.get("_known_fulfillments", []))
        wanted = sorted((line_id, qty) for line_id, qty in payload["lines"])
        for existing in order.fulfillments:
            shipped = sorted((li.line_item_id, li.quantity) for li in existing.lines)
            if existing.id not in known and "_known_fulfillments" in payload and shipped == wanted:
                return {"fulfillment_id": existing.id, "found_existing": True}
    fulfillment_orders = await services.storefront.fulfillment_orders(order_id)
    grouped: dict[str, list[tuple[str, int]]] = {}
    for line_id, wanted in payload["lines"]:
        remaining = wanted
        for fo in fulfillment_orders:
            if fo.status not in ("OPEN", "IN_PROGRESS"):
                continue
            for fo_line in fo.lines:
                if fo_line.line_item_id == line_id and fo_line.remaining_quantity > 0 and remaining > 0:
                    take = min(remaining, fo_line.remaining_quantity)
                    grouped.setdefault(fo.id, []).append((fo_line.id, take))
                    remaining -= take
        if remaining > 0:
            raise PermanentStorefrontError(
                "over-quantity",
                (
                    UserError(
                        f"line {line_id.rsplit('/', 1)[-1]}: {remaining} more than remain to ship",
                        "OVER_QUANTITY",
                    ),
                ),
            )
    fulfillment = await services.storefront.create_fulfillment(
        FulfillmentRequest(
            order_id=order_id,
            lines=tuple((fo_id, tuple(lines)) for fo_id, lines in grouped.items()),
            tracking=_tracking(payload),
            notify_customer=services.settings.connector_notify_customer_on_ship,
        )
    )
    return {"fulfillment_id": fulfillment.id}


@performer("update_tracking")
async def retrack(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Replace a shipped package's tracking."""
    tracking = _tracking(payload)
    if tracking is not None:
        await services.storefront.update_tracking(payload["fulfillment_id"], tracking)
    return {"fulfillment_id": payload["fulfillment_id"]}


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
    tracking_payload = {**payload, "fulfillment_id": json.loads(result)["fulfillment_id"]}
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
            if outcome.result.get("fulfillment_id"):
                known = sorted({*known, outcome.result["fulfillment_id"]})
        if outcome.repeat:
            events.append(repeat_event(what, *assocs))
        events += outcome_events(outcome, what, *assocs)
    return OrderShipmentSubmitResponse(events=events)


def _replace_payload(session: Any, key: str, payload: dict[str, Any]) -> None:
    """Record a package's new tracking on its (done) fulfil intent so the next repeat is recognised."""
    intent = intents.get(session, key)
    if intent is not None:
        intent.payload = json.dumps(payload, sort_keys=True, default=str)
        intent.payload_hash = intents.payload_hash(payload)
        session.add(intent)
