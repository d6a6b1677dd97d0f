"""The order_sync job: keep the order mirror current from the store by an updated_at cursor.

Runs on the scheduler (CONNECTOR_ORDER_SYNC_SECONDS), when a webhook asks for it, and inside an
order_pull whose mirror lags too far. Each page is committed with the cursor moved to its newest
updatedAt, so a run killed midway resumes where it stopped (with OVERLAP re-read). The first
backfill and catch-ups lagging over CONNECTOR_ORDER_BULK_CATCHUP_SECONDS go through one bulk
operation first (order_backfill.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlmodel import Session

from connector.db.types import utcnow
from connector.intake.readiness import Gate
from connector.jobs.mirror_apply import apply_facts
from connector.jobs.order_backfill import backfill, finish
from connector.repo import cursors, mirror, webhooks
from connector.services import Services

log = logging.getLogger("connector.jobs.order_sync")
CURSOR = "order_sync.updated_at"
SYNCED = "order_sync.synced_at"
# Shopify's search index trails writes slightly; every run re-reads this much before its cursor.
OVERLAP = timedelta(minutes=2)
PAGE = 250
MAX_PAGES = 20  # 5,000 changed orders per run; the next run continues from the cursor
RECHECK = 250


@dataclass
class SyncFigures:
    """What one sync run read and stored."""

    pages: int = 0
    orders: int = 0
    snapshots: int = 0
    rechecked: int = 0
    complete: bool = False
    # The bulk step: off, busy, failed, running or applied (see order_backfill), and its orders.
    bulk: str = "off"
    bulk_orders: int = 0


def _advance(session: Session, name: str, value: datetime) -> None:
    """Move a time cursor forward only (a concurrent replica may have gone further)."""
    current = cursors.get(session, name)
    if current is None or datetime.fromisoformat(current) < value:
        cursors.put(session, name, value.isoformat())


async def sync_orders(services: Services) -> SyncFigures:
    """One sync run (one at a time per process; replicas only ever move the cursors forward)."""
    async with services.intake.lock:
        return await _sync(services)


async def _sync(services: Services) -> SyncFigures:
    figures = SyncFigures()
    started = utcnow()
    cursor_text = await services.db.run(partial(cursors.get, name=CURSOR))
    cursor = datetime.fromisoformat(cursor_text) if cursor_text else None
    bulk = await backfill(services, cursor, OVERLAP)
    figures.bulk, figures.bulk_orders, figures.snapshots = bulk.state, bulk.orders, bulk.snapshots
    if bulk.started is not None:
        # The whole file is applied: the cursor moves to when the export began, then pages go on.
        await services.db.run(partial(_advance, name=CURSOR, value=bulk.started))
        await finish(services)
        cursor = bulk.started
    if bulk.state != "running":  # while an export runs, pages would read the same orders again
        await _pages(services, cursor, started, figures)
    hinted, events = await _webhook_hints(services)
    risky = Gate.from_settings(services.settings).risk_hold_rank
    ids = await services.db.run(partial(mirror.recheck_ids, limit=RECHECK, risk_rank=risky))
    ids = list(dict.fromkeys([*hinted, *ids]))
    if ids:
        fresh = await services.storefront.order_facts(ids)
        figures.rechecked = len(fresh)
        figures.snapshots += await apply_facts(services, list(fresh.values()))
    if events:
        await services.db.run(partial(webhooks.mark_processed, ids=events))
    if figures.complete:
        await services.db.run(partial(_advance, name=SYNCED, value=started))
    return figures


async def _pages(
    services: Services, cursor: datetime | None, started: datetime, figures: SyncFigures
) -> None:
    """Incremental pages from the cursor (minus OVERLAP), each committed with the cursor moved."""
    since = cursor - OVERLAP if cursor is not None else None
    # The first run reads every open order; later runs every order changed since the cursor
    # (cancelled and closed ones too: that is how store-side cancellations reach the mirror).
    open_only = since is None
    token: str | None = None
    for _ in range(MAX_PAGES):
        page = await services.storefront.list_order_facts(since, open_only, token, PAGE)
        figures.pages += 1
        figures.orders += len(page.orders)
        figures.snapshots += await apply_facts(services, list(page.orders))
        if page.orders:
            newest = max(f.updated_at for f in page.orders)
            await services.db.run(partial(_advance, name=CURSOR, value=newest))
        token = page.next_cursor
        if token is None:
            figures.complete = True
            break
    if figures.complete:
        await services.db.run(partial(_advance, name=CURSOR, value=started))


async def _webhook_hints(services: Services) -> tuple[list[str], list[int]]:
    """Order ids named by webhooks not acted on yet (fulfillment orders resolved to their order)."""
    pending = await services.db.run(partial(webhooks.pending, limit=RECHECK))
    orders = [e.resource_id for e in pending if e.resource_id and "/Order/" in e.resource_id]
    fos = [e.resource_id for e in pending if e.resource_id and "/FulfillmentOrder/" in e.resource_id]
    if fos:
        owners = await services.storefront.fulfillment_order_owners(fos)
        orders.extend(owners.values())
    return list(dict.fromkeys(orders)), [e.id for e in pending if e.id is not None]


async def mirror_synced_at(services: Services) -> datetime | None:
    """When the last complete sync run started (the mirror holds every change before it)."""
    text = await services.db.run(partial(cursors.get, name=SYNCED))
    return datetime.fromisoformat(text) if text else None
