"""order_pull: ready, unacknowledged orders oldest first from the order mirror, or specific orders fresh."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from functools import partial

from sqlmodel import Session

from connector.actions.common import is_order_id, unknown_order
from connector.db.types import utcnow
from connector.domain.errors import RequestRefused
from connector.intake.readiness import Gate
from connector.intake.snapshot import snapshot
from connector.jobs.order_sync import mirror_synced_at, sync_orders
from connector.mapping.refs import order_gid, order_refnum
from connector.page_tokens import BadPageToken, PageTokens
from connector.repo import ledger, mirror, order_issues
from connector.retailops import Association, Event, EventCode, OrderPullRequest, warning_event
from connector.retailops.orders import Order
from connector.retailops.responses import MAX_ORDERS_PER_PAGE, MirroredOrderPullResponse, OrderPullResponse
from connector.services import Services
from storefront_clients.base import StoreOrder
from storefront_clients.errors import StorefrontError, TransientStorefrontError

log = logging.getLogger("connector.actions.order_pull")

# An order RetailOps cannot take: refnum, order name, why.
Issue = tuple[str, str | None, str]


def _record_issues(session: Session, issues: list[Issue]) -> None:
    for refnum, order_name, message in issues:
        order_issues.record(session, refnum=refnum, order_name=order_name, message=message)


def _remember_issues(services: Services, issues: list[Issue]) -> None:
    """Keep orders RetailOps cannot take in the console's exception queue (off the answer's path)."""
    if issues:
        services.spawn(services.db.run(partial(_record_issues, issues=issues)), "record unmappable orders")


def _stored(services: Services, rows: list[mirror.Offered], events: list[Event]) -> list[str]:
    """The mirrored orders' JSON as stored; an order that could not be mapped is a warning event."""
    out: list[str] = []
    issues: list[Issue] = []
    for row in rows:
        if row.payload is None:
            issues.append((row.refnum, row.order_name, row.problem or ""))
            events.append(
                warning_event(EventCode.UNSUPPORTED, row.problem or "", Association.order_refnum(row.refnum))
            )
            continue
        out.append(row.payload)
    _remember_issues(services, issues)
    return out


def _fresh(services: Services, orders: list[StoreOrder], events: list[Event]) -> list[Order]:
    key = services.settings.connector_gift_message_key
    out: list[Order] = []
    issues: list[Issue] = []
    for order in orders:
        snap = snapshot(order, key)
        if snap.payload is None:
            refnum = order_refnum(order.id, order.legacy_id)
            issues.append((refnum, order.name, snap.problem or ""))
            events.append(
                warning_event(EventCode.UNSUPPORTED, snap.problem or "", Association.order_refnum(refnum))
            )
        else:
            out.append(Order.model_validate_json(snap.payload))
    _remember_issues(services, issues)
    return out


# Specific orders are fetched in batches of this many while this much time is left; the rest of
# a large re-fetch is answered as a warning to ask again, so the answer never times out.
SPECIFIC_BATCH = 25
SPECIFIC_BUDGET_SECONDS = 8.0


async def _specific(services: Services, refnums: list[str]) -> OrderPullResponse:
    events: list[Event] = []
    wanted = list(dict.fromkeys(refnums))[:MAX_ORDERS_PER_PAGE]
    # One ledger query gives the store ids of pulled orders; other numeric refnums are order ids.
    rows = await services.db.run(partial(ledger.by_refnums, refnums=wanted))
    ids = {
        r: rows[r].store_order_id if r in rows else order_gid(r)
        for r in wanted
        if r in rows or is_order_id(r)
    }
    deadline = asyncio.get_running_loop().time() + SPECIFIC_BUDGET_SECONDS
    by_id, late = await _fetch_within_budget(services, list(ids.values()), deadline)
    # Anything else may be an order name (`#1001`) typed by a person: looked up one by one, in the
    # time left (at most 100 refnums reach here).
    by_name, late_names = await _find_within_budget(services, [r for r in wanted if r not in ids], deadline)
    found: list[StoreOrder] = []
    for refnum in wanted:
        order = by_id.get(ids[refnum]) if refnum in ids else by_name.get(refnum)
        if order is not None:
            found.append(order)
        elif (refnum in ids and ids[refnum] in late) or refnum in late_names:
            events.append(
                warning_event(
                    EventCode.STOREFRONT_UNAVAILABLE,
                    "The store did not answer in time for this order; ask for it again",
                    Association.order_refnum(refnum),
                )
            )
        else:
            events.append(unknown_order(refnum, "warning"))
    orders = _fresh(services, found, events)
    key = services.settings.connector_gift_message_key
    # What was just read is the freshest snapshot there is; the mirror keeps it.
    await services.db.run(partial(mirror.set_snapshots, snapshots=[snapshot(o, key) for o in found]))
    await services.db.run(
        partial(ledger.record_pulled, orders=[(order_refnum(o.id, o.legacy_id), o) for o in found])
    )
    return OrderPullResponse(next_page_token="", orders=orders, events=events)


async def _find_within_budget(
    services: Services, names: list[str], deadline: float
) -> tuple[dict[str, StoreOrder], set[str]]:
    """Orders by name while the budget lasts; answers them and the names not reached."""
    found: dict[str, StoreOrder] = {}
    for index, name in enumerate(names):
        try:
            async with asyncio.timeout_at(deadline):
                order = await services.storefront.find_order(name)
        except (TimeoutError, TransientStorefrontError):
            return found, set(names[index:])
        if order is not None:
            found[name] = order
    return found, set()


async def _fetch_within_budget(
    services: Services, ids: list[str], deadline: float
) -> tuple[dict[str, StoreOrder], set[str]]:
    """Orders by id in batches while the budget lasts; answers them and the ids not reached.

    A transient store failure before anything was fetched still raises (the app answers 503).
    """
    found: dict[str, StoreOrder] = {}
    for start in range(0, len(ids), SPECIFIC_BATCH):
        try:
            async with asyncio.timeout_at(deadline):
                found.update(await services.storefront.fetch_orders(ids[start : start + SPECIFIC_BATCH]))
        except (TimeoutError, TransientStorefrontError):
            if start == 0:
                raise
            return found, set(ids[start:])
    return found, set()


async def _catch_up(services: Services) -> None:
    """Bring a lagging mirror up to date within the catch-up budget; a failing store is only logged."""
    limit = services.settings.connector_order_mirror_max_lag_seconds
    synced = await mirror_synced_at(services)
    if synced is not None and (utcnow() - synced).total_seconds() <= limit:
        return
    try:
        await asyncio.wait_for(sync_orders(services), services.settings.connector_order_pull_catch_up_seconds)
    except (StorefrontError, TimeoutError) as exc:
        log.warning("order mirror not caught up (%s); answering from the mirror", type(exc).__name__)


def _keyset(text: str) -> tuple[datetime, str]:
    created, _, refnum = text.partition("|")
    try:
        return datetime.fromisoformat(created), refnum
    except ValueError as exc:
        raise BadPageToken("page token does not name a position") from exc


async def handle(services: Services, request: OrderPullRequest) -> OrderPullResponse:
    """One page from the mirror; the ledger (not the store tag) decides what is acknowledged."""
    refnums = [
        o.channel_refnum.strip()
        for o in request.specific_orders or []
        if o.channel_refnum and o.channel_refnum.strip()
    ]
    if refnums:
        return await _specific(services, refnums)
    tokens = PageTokens.from_settings(services.settings)
    after: tuple[datetime, str] | None = None
    if request.page_token:
        try:
            after = _keyset(tokens.read(request.page_token))
        except BadPageToken as exc:
            raise RequestRefused(EventCode.BAD_PAGE_TOKEN, str(exc)) from exc
    if after is None:
        await _catch_up(services)
    gate, now = Gate.from_settings(services.settings), utcnow()
    # A store-side cancellation of an imported order is re-offered once, with cancel: true.
    reoffer = (
        []
        if after
        else await services.db.run(partial(mirror.cancel_reoffers, limit=MAX_ORDERS_PER_PAGE // 2))
    )
    limit = MAX_ORDERS_PER_PAGE - len(reoffer)
    # One row more than the page tells whether there is a next page.
    rows = await services.db.run(
        partial(mirror.offerable_page, gate=gate, now=now, after=after, limit=limit + 1)
    )
    more, rows = len(rows) > limit, rows[:limit]
    if reoffer:
        # Marking a cancellation as offered must be durable, or it would be offered again.
        await services.db.run(partial(ledger.record_offered, rows=reoffer))
    events: list[Event] = []
    stored = _stored(services, reoffer + rows, events)
    # When each order was offered is for operators only, so it is written off the answer's path.
    services.spawn(services.db.run(partial(ledger.record_offered, rows=rows)), "record offered orders")
    last = rows[-1] if rows else None
    next_token = tokens.issue(f"{last.store_created_at.isoformat()}|{last.refnum}") if more and last else ""
    return MirroredOrderPullResponse(next_page_token=next_token, stored=stored, events=events)
