"""order_shipment_submit: each package becomes one fulfillment with tracking, idempotent per package."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial

from connector.actions.common import outcome_events, repeat_event, target_id, unknown_order
from connector.intents.engine import Outcome, execute
from connector.intents.payloads import Fulfil, UpdateTracking
from connector.intents.snapshots import offer
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
from storefront_clients.base import ShippingState


async def _resolve(services: Services, raw_refnum: str | None) -> tuple[str, ShippingState] | Event:
    """The order behind the refnum as shipping needs it (one lean read), or the unknown-order event."""
    refnum, order_id = await target_id(services, raw_refnum)
    state = await services.storefront.shipping_state(order_id) if order_id else None
    return (refnum, state) if state is not None else unknown_order(refnum)


def _package_payload(order: ShippingState, package: Package) -> tuple[Fulfil, list[Event]]:
    events: list[Event] = []
    known = set(order.line_ids)
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
    payload = Fulfil(
        order_id=order.id,
        lines=tuple(sorted(lines.items())),
        tracking_number=number,
        company=company,
        url=tracking_url(company, number),
    )
    return payload, events


async def _retrack(services: Services, key: str, refnum: str, payload: Fulfil, result: str) -> Outcome:
    """New tracking for an already shipped package: update the fulfillment, never ship again."""
    shipped = json.loads(result)
    tracking = UpdateTracking(
        order_id=payload.order_id,
        lines=payload.lines,
        tracking_number=payload.tracking_number,
        company=payload.company,
        url=payload.url,
        fulfillment_id=shipped["fulfillment_id"],
        fulfillment_ids=tuple(shipped.get("fulfillment_ids") or (shipped["fulfillment_id"],)),
    )
    outcome = await execute(
        services, key=f"{key}:track:{tracking.digest()[:12]}", refnum=refnum, payload=tracking
    )
    if outcome.status != "failed":
        # Record the package's new tracking on its (done) fulfil intent so the next repeat is recognised.
        await services.db.run(partial(intents.replace_payload, key=key, payload=payload.to_json()))
    return outcome


async def handle(services: Services, request: OrderShipmentSubmitRequest) -> OrderShipmentSubmitResponse:
    """One fulfillment per package; repeats change nothing; new tracking for a shipped package updates it."""
    target = await _resolve(services, request.channel_order_refnum)
    if isinstance(target, Event):
        return OrderShipmentSubmitResponse(events=[target])
    refnum, order = target
    shipment = request.shipment
    shipment_id = shipment.retailops_shipment_id if shipment else None
    assocs = (
        Association.shipment_id(str(shipment_id if shipment_id is not None else "")),
        Association.order_refnum(refnum),
    )
    events: list[Event] = []
    # Fulfillments that exist before this request's packages are written (see `fulfil`).
    known = sorted(f.id for f in order.fulfillments)
    # `order` is the store's state until this request writes; until then a package's fulfil may reuse it.
    unwritten = True
    for package in (shipment.packages if shipment else None) or []:
        what = f"Package {package.retailops_package_id}"
        payload, problems = _package_payload(order, package)
        events += problems
        if not payload.lines:
            continue
        key = f"ship:{refnum}:{shipment_id or 0}:{package.retailops_package_id}"
        previous = await services.db.run(partial(intents.get, key=key))
        done = previous if previous is not None and previous.result else None
        before = Fulfil.from_json(json.loads(done.payload)) if done is not None else None
        if done is not None and before is not None and before.lines == payload.lines:
            if (before.tracking_number, before.company) == (payload.tracking_number, payload.company):
                events.append(repeat_event(what, *assocs))
                continue
            outcome = await _retrack(services, key, refnum, payload, done.result or "{}")
        else:
            payload = replace(payload, known_fulfillments=tuple(known))
            # A key seen before may have an attempt in flight or applied: its fulfil reads the order again.
            with offer(key, order if unwritten and previous is None else None):
                outcome = await execute(services, key=key, refnum=refnum, payload=payload)
            created = outcome.result.get("fulfillment_ids") or [outcome.result.get("fulfillment_id")]
            known = sorted({*known, *(f for f in created if f)})
        unwritten = False
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
