"""Bulk backfills of the order mirror: the first fill and large catch-ups, by one bulk operation.

Called by the order_sync run before its pages. A bulk read does not drain the request bucket,
so a store's whole order history costs a few calls instead of thousands of points. The
operation's id is stored (a cursor row, BULK) as soon as Shopify accepts it: a process killed
while it runs resumes by polling that id. The caller moves the updated_at cursor only after the
whole result file was applied (to the time the operation was started, so nothing changed while
it ran is missed), then continues with pages.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Literal

from connector.db.types import utcnow
from connector.jobs.mirror_apply import apply_facts
from connector.repo import cursors
from connector.services import Services
from storefront_clients.base import BulkStatus

log = logging.getLogger("connector.jobs.order_sync")
BULK = "order_sync.bulk_operation"
# After a bulk operation failed, catch-ups use pages for this long before trying bulk again.
RETRY_AFTER = timedelta(hours=1)
# An export still running after this is given up for pages: the mirror would stay stale meanwhile
# (Shopify lets a bulk query run up to 10 days), and pages finish a large catch-up in less.
GIVE_UP_AFTER = timedelta(hours=2)
# Each run polls a running operation for at most this long (a small store's export finishes
# within it); a longer one is polled again by the next runs.
POLL_BUDGET_SECONDS = 10.0
POLL_FIRST_SECONDS, POLL_MAX_SECONDS = 0.25, 2.0
RECHECK_BATCH = 250

State = Literal["off", "busy", "failed", "running", "applied"]


@dataclass
class Backfill:
    """What the bulk step of one run did; `started` is set once a file was applied."""

    state: State = "off"
    operation: str | None = None
    orders: int = 0
    snapshots: int = 0
    started: datetime | None = None


@dataclass
class _Record:
    id: str | None = None
    started: datetime | None = None
    failed_at: datetime | None = None

    def dumps(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "started": self.started.isoformat() if self.started else None,
                "failed_at": self.failed_at.isoformat() if self.failed_at else None,
            }
        )

    @classmethod
    def loads(cls, text: str | None) -> _Record:
        data = json.loads(text) if text else {}
        started, failed = data.get("started"), data.get("failed_at")
        return cls(
            id=data.get("id"),
            started=datetime.fromisoformat(started) if started else None,
            failed_at=datetime.fromisoformat(failed) if failed else None,
        )


async def _save(services: Services, record: _Record) -> None:
    await services.db.run(partial(cursors.put, name=BULK, value=record.dumps()))


async def finish(services: Services) -> None:
    """Forget the applied operation (called after the cursor moved)."""
    await services.db.run(partial(cursors.drop, name=BULK))


def _due(services: Services, record: _Record, cursor: datetime | None) -> bool:
    threshold = services.settings.connector_order_bulk_catchup_seconds
    if threshold <= 0:
        return False
    if record.failed_at is not None and utcnow() - record.failed_at < RETRY_AFTER:
        return False
    return cursor is None or (utcnow() - cursor).total_seconds() > threshold


async def _poll(services: Services, operation_id: str) -> BulkStatus | None:
    """Status of the operation, polled until it ends or this run's budget is spent."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + POLL_BUDGET_SECONDS
    interval = POLL_FIRST_SECONDS
    while True:
        status = await services.storefront.bulk_operation(operation_id)
        if status is None or status.finished or loop.time() + interval > deadline:
            return status
        await asyncio.sleep(interval)
        interval = min(POLL_MAX_SECONDS, interval * 2)


async def backfill(services: Services, cursor: datetime | None, overlap: timedelta) -> Backfill:
    """Start, resume or apply the bulk backfill; `state` tells the caller whether to page."""
    record = _Record.loads(await services.db.run(partial(cursors.get, name=BULK)))
    result = Backfill()
    if record.id is None:
        if not _due(services, record, cursor):
            return result
        started = utcnow()
        since = cursor - overlap if cursor is not None else None
        # The first backfill reads open orders only, like the first paged run.
        status = await services.storefront.start_order_export(since, open_only=cursor is None)
        if status is None:
            log.info("order backfill: bulk operations busy (e.g. the SKU map export); using pages")
            result.state = "busy"
            return result
        record = _Record(id=status.id, started=started)
        await _save(services, record)
        log.info("order backfill: bulk operation %s started", status.id)
    assert record.id is not None
    assert record.started is not None
    result.operation = record.id
    status = await _poll(services, record.id)
    if status is None or (status.finished and status.status != "COMPLETED"):
        code = f"{status.status} {status.error_code or ''}".strip() if status else "unknown"
        log.warning("order backfill: bulk operation %s ended %s; using pages", record.id, code)
        await _save(services, _Record(failed_at=utcnow()))
        result.state = "failed"
        return result
    if not status.finished:
        if utcnow() - record.started > GIVE_UP_AFTER:
            log.warning(
                "order backfill: bulk operation %s still running after %s; using pages",
                record.id,
                GIVE_UP_AFTER,
            )
            await _save(services, _Record(failed_at=utcnow()))
            result.state = "failed"
            return result
        result.state = "running"
        return result
    if status.url:  # a store without matching orders completes with no file
        await _apply(services, status.url, result)
    result.state, result.started = "applied", record.started
    return result


async def _apply(services: Services, url: str, result: Backfill) -> None:
    """Apply every order of the file; orders whose rows were split are re-read by id."""
    incomplete: dict[str, None] = {}
    async for batch in services.storefront.iter_order_export(url):
        facts = [e.facts for e in batch.orders]
        known = {e.order.id: e.order for e in batch.orders}
        result.orders += len(facts)
        result.snapshots += await apply_facts(services, facts, known)
        incomplete.update(dict.fromkeys(batch.incomplete))
    ids = list(incomplete)
    for start in range(0, len(ids), RECHECK_BATCH):
        fresh = await services.storefront.order_facts(ids[start : start + RECHECK_BATCH])
        result.snapshots += await apply_facts(services, list(fresh.values()), refresh=True)
