"""Inventory flush: deliver buffered quantities in batches of 250 with one inventorySetQuantities each."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlmodel import Session

from connector.db.types import utcnow
from connector.domain.commitments import Commitments, available_to_send
from connector.domain.locations import DEFAULT_LOCATION
from connector.jobs.inventory_batches import Outcome, deliver, merge, settle_lost_sends
from connector.repo import inventory, skus
from connector.repo.inventory import PendingQuantity
from connector.services import Services
from storefront_clients.base import InventoryQuantity
from storefront_clients.errors import PermanentStorefrontError, ThrottledError, TransientStorefrontError

log = logging.getLogger("connector.jobs.inventory_flush")
BATCH = 250
WARM_WAIT = 600.0  # never hold inventory back longer than this for a slow SKU map warm-up
# A claim lapses this many store timeouts after its last renewal: short enough that rows a killed
# process held are delivered again within seconds, long enough that a call the dead process left
# in flight has landed (or died) before another worker writes newer quantities for those SKUs.
LEASE_TIMEOUTS = 3.0
MIN_LEASE = timedelta(seconds=5)
UNKNOWN_SKU_RETRY = timedelta(minutes=10)


@dataclass
class FlushFigures:
    """What one flush run did."""

    batches: int = 0
    delivered: int = 0
    unknown: int = 0
    failed: int = 0
    waited_for_sku_map: bool = False


async def _inventory_items(services: Services, rows: list[PendingQuantity]) -> dict[str, str]:
    wanted = list({r.sku for r in rows})
    known = await services.db.run(lambda s: skus.lookup(s, wanted))
    items = {sku: row.inventory_item_id for sku, row in known.items() if row.inventory_item_id}
    misses = [
        s
        for s in wanted
        if s not in items and not (s in known and skus.is_fresh_miss(known[s], UNKNOWN_SKU_RETRY))
    ]
    if misses:
        found = await services.storefront.resolve_skus(misses)
        absent = [s for s in misses if s not in found]
        await services.db.run(lambda s: skus.record(s, found.values(), absent))
        items.update({sku: ref.inventory_item_id for sku, ref in found.items()})
    return items


def settle_time(services: Services) -> timedelta:
    """How long a call the connector gave up on may still take to land at the store (one timeout)."""
    return timedelta(seconds=services.settings.shopify_timeout_seconds)


def lease_for(services: Services) -> timedelta:
    """How long a claim holds without renewal (three store timeouts, at least MIN_LEASE)."""
    return max(MIN_LEASE, timedelta(seconds=LEASE_TIMEOUTS * services.settings.shopify_timeout_seconds))


@asynccontextmanager
async def holding(services: Services, rows: list[PendingQuantity], lease: timedelta) -> AsyncIterator[None]:
    """Renew the claim on `rows` every third of the lease while the batch is being delivered.

    `rows` is read at each renewal: the caller drops rows it parked meanwhile.
    """

    async def renew() -> None:
        held = rows[0].claimed_until if rows else None
        while held is not None:
            await asyncio.sleep(lease.total_seconds() / 3)
            until = utcnow() + lease
            current = list(rows)
            try:
                renewed = await services.db.run(
                    partial(inventory.renew_claim, rows=current, held=held, until=until)
                )
            except Exception:  # the next renewal tries again; the lease still has two thirds left
                log.exception("inventory claim renewal failed")
                continue
            if renewed < len(current):
                log.warning("inventory claim lapsed for %d of %d rows", len(current) - renewed, len(current))
            held = until

    task = asyncio.get_running_loop().create_task(renew(), name="inventory-claim-renewal")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def _quantity(
    row: PendingQuantity, items: dict[str, str], default: str, commitments: Commitments | None
) -> InventoryQuantity:
    location = default if row.location_id == DEFAULT_LOCATION else row.location_id
    return InventoryQuantity(items[row.sku], location, available_to_send(row.quantity, row.sku, commitments))


async def _settle(
    services: Services, figures: FlushFigures, held: list[PendingQuantity], step: Outcome
) -> None:
    """Record one send of a batch: delivered rows, refused rows parked with Shopify's message."""
    done = {id(r) for r, _q in step.delivered} | {id(r) for r, _m in step.refused}
    held[:] = [r for r in held if id(r) not in done]  # settled rows are not ours to renew any more
    for row, message in step.refused:
        log.error("inventory item refused: %s at %s: %s", row.sku, row.location_id, message)
    if step.refused:
        await services.db.run(partial(_park_refused, refused=step.refused))
        figures.failed += len(step.refused)
    if step.delivered:
        rows = [r for r, _q in step.delivered]
        sent = {(r.sku, r.location_id): q for r, q in step.delivered}
        figures.delivered += await services.db.run(partial(inventory.mark_delivered, rows=rows, sent=sent))


def _park_refused(session: Session, refused: list[tuple[PendingQuantity, str]]) -> None:
    """Park each refused row with Shopify's message, visible as the row's last error."""
    by_message: dict[str, list[PendingQuantity]] = {}
    for row, message in refused:
        by_message.setdefault(message, []).append(row)
    for message, rows in by_message.items():
        inventory.park(session, rows, error=message, retry_after=UNKNOWN_SKU_RETRY)


async def flush(services: Services, max_batches: int | None = None) -> FlushFigures:
    """Drain the buffer until empty (or `max_batches`); stops early on a transient storefront failure."""
    figures = FlushFigures()
    lease = lease_for(services)
    if services.sku_map.running(WARM_WAIT):
        # A cold start: the warm-up maps every SKU in one bulk read; flushing now would look each
        # SKU up one page at a time and spend the rate limit twice. The next run picks it all up.
        figures.waited_for_sku_map = True
        return figures
    async with services.flusher.lock:
        default = await services.locations.default_id()
        commitments = await services.commitments.when_subtracting()
        try:
            await settle_lost_sends(services.storefront.set_inventory, services.flusher.unsettled)
        except TransientStorefrontError as exc:  # still in flight (or the store is down): wait
            log.warning("inventory flush waits for an earlier send to settle: %s", exc)
            return figures
        while max_batches is None or figures.batches < max_batches:
            rows = await services.db.run(lambda s: inventory.claim_pending(s, BATCH, lease))
            if not rows:
                break
            figures.batches += 1
            try:
                # The claim is renewed while the store works; a killed process's claim simply lapses.
                held = list(rows)
                async with holding(services, held, lease):
                    items = await _inventory_items(services, rows)
                    ready = [r for r in rows if r.sku in items]
                    unknown = [r for r in rows if r.sku not in items]
                    if unknown:
                        figures.unknown += len(unknown)
                        held[:] = ready  # parked rows are not ours to renew any more
                        await services.db.run(
                            partial(
                                inventory.park,
                                rows=unknown,
                                error="SKU not in the store",
                                retry_after=UNKNOWN_SKU_RETRY,
                            )
                        )
                    if not ready:
                        continue
                    entries = merge([(r, _quantity(r, items, default, commitments)) for r in ready])
                    settle = partial(_settle, services, figures, held)
                    await deliver(
                        entries, services.storefront.set_inventory, settle, services.flusher.unsettled
                    )
            except TransientStorefrontError as exc:
                message = str(exc)
                if isinstance(exc, ThrottledError):  # not applied: the rows may go again at once
                    await services.db.run(partial(inventory.release, rows=held, error=message))
                else:
                    # A call that timed out may still land: keep the rows out of reach (no newer
                    # quantity is sent) until it has, or it would overwrite that newer quantity.
                    await services.db.run(
                        partial(inventory.park, rows=held, error=message, retry_after=settle_time(services))
                    )
                log.warning("inventory flush paused: %s", exc)
                figures.failed += len(held)
                break
            except PermanentStorefrontError as exc:
                # Not an item refusal (those are parked one by one): e.g. the SKU lookup was refused.
                await services.db.run(
                    partial(inventory.park, rows=held, error=str(exc), retry_after=UNKNOWN_SKU_RETRY)
                )
                log.error("inventory batch refused: %s", exc)
                figures.failed += len(held)
    return figures
