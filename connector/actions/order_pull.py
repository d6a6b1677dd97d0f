"""order_pull: offer open, unacknowledged orders oldest first, or re-fetch specific orders."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from pydantic import ValidationError

from connector.actions.common import find_order, unknown_order
from connector.domain.errors import RequestRefused
from connector.domain.offerable import pull_query
from connector.mapping.orders import RETAILOPS_CURRENCIES, map_order
from connector.mapping.refs import order_gid, order_refnum
from connector.page_tokens import BadPageToken, PageTokens
from connector.repo import cursors, ledger, order_issues
from connector.retailops import Association, Event, EventCode, OrderPullRequest, warning_event
from connector.retailops.orders import Order
from connector.retailops.responses import MAX_ORDERS_PER_PAGE, OrderPullResponse
from connector.services import Services
from storefront_clients.base import OrderQuery, StoreOrder

log = logging.getLogger("connector.actions.order_pull")


def _remember_issue(services: Services, refnum: str, order: StoreOrder, message: str) -> None:
    """Keep an order RetailOps cannot take in the console's exception queue (off the answer's path)."""
    record = partial(order_issues.record, refnum=refnum, order_name=order.name, message=message)
    services.spawn(services.db.run(record), "record unmappable order")


def _mapped(services: Services, orders: list[StoreOrder], events: list[Event]) -> list[Order]:
    out: list[Order] = []
    for order in orders:
        refnum = order_refnum(order.id, order.legacy_id)
        if order.currency not in RETAILOPS_CURRENCIES:
            reason = f"currency {order.currency} is not one RetailOps accepts"
            _remember_issue(services, refnum, order, reason)
            events.append(
                warning_event(
                    EventCode.UNSUPPORTED,
                    f"Order currency {order.currency} is not one RetailOps accepts; order skipped",
                    Association.order_refnum(refnum),
                )
            )
            continue
        data: dict[str, Any] = map_order(order, gift_message_key=services.settings.connector_gift_message_key)
        try:
            out.append(Order.model_validate(data))
        except ValidationError as exc:
            log.warning("order %s could not be mapped: %s", refnum, exc)
            _remember_issue(services, refnum, order, f"could not be mapped: {exc.errors()[0]['msg']}")
            events.append(
                warning_event(
                    EventCode.UNSUPPORTED,
                    f"Order could not be mapped: {exc.errors()[0]['msg']}",
                    Association.order_refnum(refnum),
                )
            )
    return out


async def _specific(services: Services, refnums: list[str]) -> OrderPullResponse:
    events: list[Event] = []
    wanted = list(dict.fromkeys(refnums))[:MAX_ORDERS_PER_PAGE]
    # Refnums are numeric order ids, so one batched read serves them all; others are looked up singly.
    by_id = await services.storefront.fetch_orders([order_gid(r) for r in wanted if r.isdigit()])
    found: list[StoreOrder] = []
    for refnum in wanted:
        order = by_id.get(order_gid(refnum)) if refnum.isdigit() else await find_order(services, refnum)
        if order is None:
            events.append(unknown_order(refnum, "warning"))
        else:
            found.append(order)
    orders = _mapped(services, found, events)
    await services.db.run(
        partial(ledger.record_pulled, orders=[(order_refnum(o.id, o.legacy_id), o) for o in found])
    )
    return OrderPullResponse(next_page_token="", orders=orders, events=events)


CANCEL_CURSOR = "order_pull.cancel_scan"
CANCEL_OVERLAP = timedelta(minutes=5)
CANCEL_PAGES = 8


async def _cancelled_since_import(services: Services, room: int) -> list[StoreOrder]:
    """Acknowledged orders cancelled in the store since the last scan, not yet re-offered.

    Pages through the matches oldest update first and moves the cursor after each page, so the
    scan advances however many orders match (issue 9 A7); at most CANCEL_PAGES pages per pull.
    """
    since_text = await services.db.run(partial(cursors.get, name=CANCEL_CURSOR))
    since = datetime.fromisoformat(since_text) - CANCEL_OVERLAP if since_text else None
    query = OrderQuery(
        open_only=False,
        cancelled_only=True,
        with_tag=services.settings.connector_order_tag,
        updated_since=since,
        by_update=True,
    )
    due_ids: list[str] = []
    cursor: str | None = None
    for _ in range(CANCEL_PAGES):
        page = await services.storefront.list_order_summaries(query, cursor, 250)
        refnums = [order_refnum(o.id, o.legacy_id) for o in page.orders]
        rows = await services.db.run(partial(ledger.by_refnums, refnums=refnums))
        due = [
            o
            for r, o in zip(refnums, page.orders, strict=True)
            if r in rows and rows[r].acknowledged_at is not None and rows[r].cancel_offered_at is None
        ]
        taken = due[: room - len(due_ids)]
        due_ids += [o.id for o in taken]
        # The cursor may pass only what was scanned and taken: an order left for lack of room
        # stays ahead of it (the overlap re-reads the edge; the ledger skips what was offered).
        left = due[len(taken) :]
        mark = (
            min(o.updated_at for o in left)
            if left
            else max((o.updated_at for o in page.orders), default=None)
        )
        if mark is not None:
            await services.db.run(partial(cursors.put, name=CANCEL_CURSOR, value=mark.isoformat()))
        cursor = page.next_cursor
        if left or cursor is None:
            break
    found = await services.storefront.fetch_orders(due_ids) if due_ids else {}
    return [found[i] for i in due_ids if i in found]


async def handle(services: Services, request: OrderPullRequest) -> OrderPullResponse:
    """One page of orders; the ledger (not the store tag) decides what is acknowledged."""
    refnums = [
        o.channel_refnum.strip()
        for o in request.specific_orders or []
        if o.channel_refnum and o.channel_refnum.strip()
    ]
    if refnums:
        return await _specific(services, refnums)
    tokens = PageTokens.from_settings(services.settings)
    cursor: str | None = None
    if request.page_token:
        try:
            cursor = tokens.read(request.page_token)
        except BadPageToken as exc:
            raise RequestRefused(EventCode.BAD_PAGE_TOKEN, str(exc)) from exc
    # A store-side cancellation of an imported order is re-offered once, with cancel: true.
    reoffer = [] if cursor else await _cancelled_since_import(services, MAX_ORDERS_PER_PAGE // 2)
    limit = MAX_ORDERS_PER_PAGE - len(reoffer)
    page = await services.storefront.list_orders(pull_query(services.settings), cursor, limit)
    pairs = [(order_refnum(o.id, o.legacy_id), o) for o in page.orders]
    # A pull is a read: the ledger decides what RetailOps already acknowledged (one query).
    acked = await services.db.run(partial(ledger.acknowledged_refnums, refnums=[r for r, _ in pairs]))
    if reoffer:
        # Marking a cancellation as offered must be durable, or it would be offered again.
        await services.db.run(
            partial(ledger.record_pulled, orders=[(order_refnum(o.id, o.legacy_id), o) for o in reoffer])
        )
    offered = [(r, o) for r, o in pairs if r not in acked]
    events: list[Event] = []
    orders = _mapped(services, reoffer + [o for _, o in offered], events)
    # When each order was offered is for operators only, so it is written off the answer's path.
    services.spawn(services.db.run(partial(ledger.record_pulled, orders=offered)), "record offered orders")
    next_token = tokens.issue(page.next_cursor) if page.next_cursor else ""
    return OrderPullResponse(next_page_token=next_token, orders=orders, events=events)
