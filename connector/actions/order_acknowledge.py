"""order_acknowledge: record RetailOps' order ids in the ledger and queue the store tag write."""

from __future__ import annotations

from functools import partial

from sqlmodel import Session

from connector.actions.common import find_order, unknown_order
from connector.intents.engine import record
from connector.intents.payloads import TagOrder
from connector.mapping.refs import order_gid
from connector.repo import intents, ledger
from connector.retailops import Association, Event, EventCode, OrderAcknowledgeRequest, warning_event
from connector.retailops.responses import OrderAcknowledgeResponse
from connector.services import Services
from storefront_clients.errors import StorefrontError, TransientStorefrontError


def record_acks(
    session: Session, acks: list[tuple[str, str | None, int | None]], tag: str
) -> list[tuple[str, int | None]]:
    """Acknowledge known orders and queue their tag writes in one transaction; answers the unknown ones."""
    rows = ledger.by_refnums(session, [refnum for refnum, _, _ in acks])
    queued = intents.existing_keys(session, [f"tag:{refnum}" for refnum, _, _ in acks])
    unknown: list[tuple[str, int | None]] = []
    for refnum, given_id, retailops_id in acks:
        store_id = rows[refnum].store_order_id if refnum in rows else given_id
        if store_id is None:
            unknown.append((refnum, retailops_id))
            continue
        ledger.acknowledge(session, refnum, store_id, retailops_id, rows.get(refnum))
        if f"tag:{refnum}" not in queued:
            record(session, f"tag:{refnum}", refnum, TagOrder(order_id=store_id, refnum=refnum, tag=tag))
    return unknown


async def _store_id(services: Services, refnum: str, events: list[Event]) -> str | None:
    """The store id of an order the ledger has not seen (slow path: ask the store)."""
    try:
        order = await find_order(services, refnum)
    except TransientStorefrontError:
        if not refnum.isdigit():
            return None
        events.append(
            warning_event(
                EventCode.STOREFRONT_UNAVAILABLE,
                "Acknowledged, but the store could not confirm the order exists now",
                Association.order_refnum(refnum),
            )
        )
        return order_gid(refnum)
    except StorefrontError:
        return None
    return order.id if order else None


async def handle(services: Services, request: OrderAcknowledgeRequest) -> OrderAcknowledgeResponse:
    """Acknowledge each order; unknown refnums are warnings; tags are written in the background."""
    events: list[Event] = []
    acks: list[tuple[str, str | None, int | None]] = []
    for item in request.orders or []:
        refnum = (item.channel_order_refnum or "").strip()
        if refnum:
            acks.append((refnum, None, item.retailops_order_id))
        else:
            events.append(
                warning_event(EventCode.INVALID_REQUEST, "An order without channel_order_refnum was skipped")
            )
    tag = services.settings.connector_order_tag
    # Fast path: orders RetailOps pulled are in the ledger, so one transaction acknowledges them all.
    unknown = await services.db.run(partial(record_acks, acks=acks, tag=tag)) if acks else []
    # Slow path: refnums never pulled through this connector are looked up in the store first.
    found: list[tuple[str, str | None, int | None]] = []
    for refnum, retailops_id in unknown:
        store_id = await _store_id(services, refnum, events)
        if store_id is None:
            events.append(unknown_order(refnum, "warning"))
        else:
            found.append((refnum, store_id, retailops_id))
    if found:
        await services.db.run(partial(record_acks, acks=found, tag=tag))
    if len(unknown) < len(acks) or found:
        services.intent_worker.wake()
    return OrderAcknowledgeResponse(events=events)
