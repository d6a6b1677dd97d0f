"""Operator remedies for exception items: retry now, retry all of a kind, resolve with a note.

The console calls these; every one writes an audit row (actor, action, item, note, outcome).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import delete, update
from sqlmodel import Session, col

from connector.db.tables import IntentStatus, InventoryBuffer, SkuMap, WriteIntent, table_of
from connector.db.types import utcnow
from connector.intake.snapshot import snapshot
from connector.intents.engine import attempt
from connector.mapping.refs import order_gid
from connector.ops import exceptions
from connector.repo import audit, mirror, order_issues
from connector.repo import intents as intent_repo
from connector.services import Services

RETRY_ALL_LIMIT = 500
# An operator waits for "retry now" on a page, not under RetailOps' 15 s timeout: allow more time.
CONSOLE_RETRY_BUDGET = 10.0


class RemedyRefused(Exception):
    """The remedy cannot run now; the message says why and what to do."""


def _reopen_intent(session: Session, key: str) -> tuple[str, datetime | None]:
    """Make an intent due now; answers its status and any hold still on it."""
    intent = intent_repo.get(session, key)
    if intent is None:
        raise RemedyRefused(f"no write intent {key}")
    if intent.status == IntentStatus.DONE:
        return IntentStatus.DONE, None
    hold = intent.claimed_until if intent.claimed_until and intent.claimed_until > utcnow() else None
    if intent.status == IntentStatus.FAILED:
        intent.attempts = 0
    intent.status = IntentStatus.PENDING
    intent.next_attempt_at = utcnow()
    session.add(intent)
    return IntentStatus.PENDING, hold


async def retry_intent(services: Services, key: str) -> str:
    """Attempt one write intent now (within the request write budget); answers the outcome."""
    status, hold = await services.db.run(partial(_reopen_intent, key=key))
    if status == IntentStatus.DONE:
        return "already applied"
    if hold is not None:
        # The last attempt may still be landing at the store (a timeout or 5xx on a write without
        # an idempotency key): a resend now could apply it twice.
        raise RemedyRefused(
            f"the last attempt may still be landing at the store; retry after {hold:%H:%M:%S} UTC"
        )
    budget = max(services.settings.connector_write_budget_seconds, CONSOLE_RETRY_BUDGET)
    outcome = await attempt(services, key, budget, bounded=True)
    if outcome.status == "done":
        return "applied"
    if outcome.status == "queued":
        return f"queued again: {outcome.error}"
    return f"refused again: {outcome.error}"


def _split(target: str) -> tuple[str, str]:
    sku, _, location = target.rpartition(exceptions.KEY_SEP)
    if not sku:
        raise RemedyRefused(f"not an inventory item: {target}")
    return sku, location


def _release_inventory(session: Session, sku: str, location: str | None) -> int:
    """Make parked rows claimable now; answers how many."""
    table = table_of(InventoryBuffer)
    stmt = update(table).where(table.c.sku == sku, table.c.seq > table.c.delivered_seq)
    if location is not None:
        stmt = stmt.where(table.c.location_id == location)
    result = session.execute(stmt.values(claimed_until=None))
    return int(getattr(result, "rowcount", 0) or 0)


def _forget_miss(session: Session, sku: str) -> int:
    """Drop a recorded "not in store" answer so the flusher looks the SKU up again; release its rows."""
    session.execute(delete(SkuMap).where(col(SkuMap.sku) == sku, col(SkuMap.inventory_item_id).is_(None)))
    return _release_inventory(session, sku, None)


async def retry_inventory(services: Services, target: str) -> str:
    """Hand a parked row back to the inventory flush now."""
    sku, location = _split(target)
    released = await services.db.run(partial(_release_inventory, sku=sku, location=location))
    services.flusher.wake()
    return f"released {released} row(s) to the inventory flush" if released else "nothing pending any more"


async def retry_sku(services: Services, sku: str) -> str:
    """Look a missing SKU up in the store again (via the next flush)."""
    released = await services.db.run(partial(_forget_miss, sku=sku))
    services.flusher.wake()
    return f"SKU looked up again by the next flush ({released} pending row(s))"


async def retry_order(services: Services, refnum: str) -> str:
    """Read the order again and try to map it; a mapped order leaves the queue."""
    found = await services.storefront.fetch_orders([order_gid(refnum)])
    order = found.get(order_gid(refnum))
    if order is None:
        raise RemedyRefused(f"the store has no order {refnum}")
    snap = snapshot(order, services.settings.connector_gift_message_key)
    if snap.payload is None:
        message = snap.problem or "could not be mapped"
        await services.db.run(
            partial(order_issues.record, refnum=refnum, order_name=order.name, message=message)
        )
        return f"still fails: {message}"
    # order_pull answers from the mirror: the mapped order must land there to be offered.
    await services.db.run(partial(mirror.set_snapshots, snapshots=[snap]))
    await services.db.run(partial(order_issues.clear, refnum=refnum))
    return "maps now; order_pull offers it on its next page"


async def retry(services: Services, kind: str, target: str) -> str:
    """Retry one item of any kind."""
    if kind == "intent":
        return await retry_intent(services, target)
    if kind == "inventory":
        return await retry_inventory(services, target)
    if kind == "sku":
        return await retry_sku(services, target)
    if kind == "order":
        return await retry_order(services, target)
    raise RemedyRefused(f"unknown kind {kind}")


async def act(services: Services, actor: str, action: str, kind: str, target: str, note: str | None) -> str:
    """Run one remedy on one item and audit it (refusals too); answers the outcome."""
    if action == "resolve":
        if not note or not note.strip():
            raise RemedyRefused("a resolve needs a note saying how it was handled")
        outcome = "resolved"
    elif action == "retry":
        try:
            outcome = await retry(services, kind, target)
        except RemedyRefused as exc:
            outcome = f"not retried: {exc}"
            await _audit(services, actor, action, kind, target, note, outcome)
            raise
    else:
        raise RemedyRefused(f"unknown action {action}")
    await _audit(services, actor, action, kind, target, note, outcome)
    return outcome


async def retry_all(services: Services, actor: str, kind: str, group: str | None) -> str:
    """Queue every open item of one kind (intents: of one intent kind) for the background jobs."""
    targets = await services.db.run(
        partial(exceptions.open_targets, kind=kind, group=group, limit=RETRY_ALL_LIMIT)
    )

    def reopen(session: Session) -> None:
        for target in targets:
            if kind == "intent":
                _reopen_intent(session, target)
            elif kind == "inventory":
                sku, location = _split(target)
                _release_inventory(session, sku, location)
            elif kind == "sku":
                _forget_miss(session, target)
            audit.add(
                session,
                actor=actor,
                action="retry_all",
                target_kind=kind,
                target=target,
                outcome=f"queued with {len(targets)} {group or kind} item(s)",
            )

    if kind == "order":
        for refnum in targets:
            await act(services, actor, "retry", "order", refnum, None)
        return f"re-read {len(targets)} order(s)"
    await services.db.run(reopen)
    services.intent_worker.wake()
    services.flusher.wake()
    return f"queued {len(targets)} item(s) for the background jobs"


async def _audit(
    services: Services, actor: str, action: str, kind: str, target: str, note: str | None, outcome: str
) -> None:
    await services.db.run(
        partial(
            audit.add, actor=actor, action=action, target_kind=kind, target=target, note=note, outcome=outcome
        )
    )


def intent_row(session: Session, key: str) -> WriteIntent | None:
    """One intent for the item page."""
    return intent_repo.get(session, key)
