"""order_acknowledge: record RetailOps' order ids in the ledger and queue the store tag write."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from sqlmodel import Session

from connector.actions.common import is_order_id, unknown_order
from connector.intents.engine import record_new
from connector.intents.payloads import Payload, TagOrder
from connector.mapping.refs import order_gid
from connector.repo import intents, ledger, mirror
from connector.retailops import Association, Event, EventCode, OrderAcknowledgeRequest, warning_event
from connector.retailops.responses import OrderAcknowledgeResponse
from connector.services import Services
from storefront_clients.errors import StorefrontError

# The store may take this long to confirm refnums the ledger has not seen; past it they are
# acknowledged unconfirmed, so the answer never waits on (or fails with) the store. (One full
# order read per unknown refnum, ~180 points each, drained even a full 2,000-point bucket after
# 11 refnums; the pacer then waited ~1.8 s per refnum and the 13 s request timeout answered 503.)
CONFIRM_BUDGET_SECONDS = 2.0
# One lean existence read covers this many refnums (Shopify's `nodes(ids:)` takes 250).
CONFIRM_BATCH = 250

Ack = tuple[str, str | None, int | None]  # refnum, store order id when known, RetailOps order id


def record_acks(session: Session, acks: list[Ack], tag: str) -> tuple[list[tuple[str, int | None]], int]:
    """Acknowledge orders and queue their tag writes in one transaction, a fixed number of
    statements whatever the count; answers the refnums with no store id and the writes queued."""
    known = ledger.store_ids(session, [refnum for refnum, _, _ in acks])
    new_rows: list[dict[str, Any]] = [
        {"refnum": r, "store_order_id": sid} for r, sid, _ in acks if r not in known and sid is not None
    ]
    # An order offered moments ago whose ledger row order_pull records after answering (or any the
    # mirror holds): its row comes from the mirror, with no store call to confirm it.
    unseen = [r for r, sid, _ in acks if r not in known and sid is None]
    new_rows += [
        {
            "refnum": m.refnum,
            "store_order_id": m.store_order_id,
            "order_name": m.order_name,
            "store_created_at": m.store_created_at,
        }
        for m in (mirror.by_refnums(session, unseen) if unseen else {}).values()
    ]
    if new_rows:
        known.update(
            ledger.store_ids(session, [r.refnum for r in ledger.create_missing(session, new_rows).values()])
        )
    unknown = [(refnum, retailops_id) for refnum, _, retailops_id in acks if refnum not in known]
    acked = [(refnum, retailops_id) for refnum, _, retailops_id in acks if refnum in known]
    ledger.acknowledge_many(session, acked)
    queued = intents.existing_keys(session, [f"tag:{refnum}" for refnum, _ in acked])
    writes: list[tuple[str, str | None, Payload]] = [
        (f"tag:{refnum}", refnum, TagOrder(order_id=known[refnum], refnum=refnum, tag=tag))
        for refnum, _ in acked
        if f"tag:{refnum}" not in queued
    ]
    record_new(session, writes)
    return unknown, len(writes)


async def _confirm(services: Services, refnums: list[str]) -> tuple[set[str], list[str]]:
    """Which refnums the store knows, and which it could not confirm within the budget."""
    known: set[str] = set()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CONFIRM_BUDGET_SECONDS
    for start in range(0, len(refnums), CONFIRM_BATCH):
        batch = refnums[start : start + CONFIRM_BATCH]
        try:
            async with asyncio.timeout_at(deadline):
                found = await services.storefront.existing_orders([order_gid(r) for r in batch])
        except (TimeoutError, StorefrontError):
            return known, refnums[start:]
        known |= {r for r in batch if order_gid(r) in found}
    return known, []


async def handle(services: Services, request: OrderAcknowledgeRequest) -> OrderAcknowledgeResponse:
    """Acknowledge each order; unknown refnums are warnings; tags are written in the background."""
    events: list[Event] = []
    wanted: dict[str, int | None] = {}
    for item in request.orders or []:
        refnum = (item.channel_order_refnum or "").strip()
        if refnum:
            wanted[refnum] = item.retailops_order_id
        else:
            events.append(
                warning_event(EventCode.INVALID_REQUEST, "An order without channel_order_refnum was skipped")
            )
    tag = services.settings.connector_order_tag
    acks: list[Ack] = [(refnum, None, retailops_id) for refnum, retailops_id in wanted.items()]
    # Fast path: orders RetailOps pulled are in the ledger, so one transaction acknowledges them all.
    unknown, queued = await services.db.run(partial(record_acks, acks=acks, tag=tag)) if acks else ([], 0)
    # Slow path: refnums never pulled through this connector; only numeric ones can be order ids,
    # and the store confirms those in batches, within a budget.
    candidates = [refnum for refnum, _ in unknown if is_order_id(refnum)]
    known, unconfirmed = await _confirm(services, candidates) if candidates else (set(), [])
    late = set(unconfirmed)
    found: list[Ack] = []
    for refnum, retailops_id in unknown:
        if refnum in known or refnum in late:
            found.append((refnum, order_gid(refnum), retailops_id))
        if refnum in late:
            events.append(
                warning_event(
                    EventCode.STOREFRONT_UNAVAILABLE,
                    "Acknowledged, but the store could not confirm the order exists now",
                    Association.order_refnum(refnum),
                )
            )
        elif refnum not in known:
            events.append(unknown_order(refnum, "warning"))
    missed, queued_late = (
        await services.db.run(partial(record_acks, acks=found, tag=tag)) if found else ([], 0)
    )
    events.extend(unknown_order(refnum, "warning") for refnum, _ in missed)
    # A repeat queues nothing: waking the worker for it cost every repeated ack a drain pass.
    if queued or queued_late:
        services.intent_worker.wake()
    return OrderAcknowledgeResponse(events=events)
