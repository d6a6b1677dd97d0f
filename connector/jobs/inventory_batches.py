"""One claimed inventory batch to the store: merge duplicate pairs, isolate refused items, send the rest.

Called by connector.jobs.inventory_flush for each batch it claimed. `inventorySetQuantities` is
atomic (one refused item refuses all), so the refused items are found from the `userErrors` field
index (["input", "quantities", "<i>", …]), or by halving when Shopify names no item, parked with
Shopify's message, and the others sent again at once under a new key (the key follows the
quantities sent and the pushes they carry).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from connector.repo.inventory import PendingQuantity
from storefront_clients.base import InventoryQuantity
from storefront_clients.errors import (
    PermanentStorefrontError,
    StorefrontError,
    ThrottledError,
    TransientStorefrontError,
    UserError,
)

# Bounds the calls one batch may take while refused items are taken out of it.
MAX_SENDS = 32


@dataclass
class Entry:
    """One (inventory item, location) write and the buffered rows it settles (the newest push wins)."""

    quantity: InventoryQuantity
    rows: list[PendingQuantity]


@dataclass
class Outcome:
    """What became of a batch: rows delivered, and refused rows with Shopify's message."""

    delivered: list[tuple[PendingQuantity, int]]
    refused: list[tuple[PendingQuantity, str]]


def merge(pairs: Sequence[tuple[PendingQuantity, InventoryQuantity]]) -> list[Entry]:
    """One entry per (item, location); rows come oldest push first, so the last one's quantity wins."""
    entries: dict[tuple[str, str], Entry] = {}
    for row, quantity in pairs:
        key = (quantity.inventory_item_id, quantity.location_id)
        entry = entries.get(key)
        if entry is None:
            entries[key] = Entry(quantity, [row])
        else:
            entry.quantity = quantity
            entry.rows.append(row)
    return list(entries.values())


def batch_key(entries: Sequence[Entry]) -> str:
    """Idempotency key of exactly these quantities for these buffered pushes (rows' seq).

    A retry of the same send meets the attempt that may have applied; other quantities get
    another key (Shopify refuses a key reused with other variables); a newer push or a drift
    repair (seq moved) gets a new key, so the store applies it even when the quantity repeats.
    """
    lines = sorted(
        "\x1f".join((q.inventory_item_id, q.location_id, str(q.quantity), str(q.compare_quantity), seqs))
        for q, seqs in ((e.quantity, ",".join(f"{r.sku}:{r.seq}" for r in e.rows)) for e in entries)
    )
    return "inv-" + hashlib.sha256("\n".join(lines).encode()).hexdigest()[:40]


def _item_index(error: UserError, size: int) -> int | None:
    field = error.field
    if len(field) >= 3 and field[:2] == ("input", "quantities") and field[2].isdigit():
        index = int(field[2])
        return index if index < size else None
    return None


Send = Callable[[Sequence[InventoryQuantity], str], Awaitable[None]]
Unsettled = dict[str, tuple[InventoryQuantity, ...]]
Settle = Callable[[Outcome], Awaitable[None]]


async def deliver(entries: list[Entry], send: Send, settle: Settle, unsettled: Unsettled) -> Outcome:
    """Send `entries`, taking refused items out until the rest lands; `settle` records each step.

    Transient failures propagate (rows already settled stay settled); the caller parks the rest.
    A send whose answer was lost (not throttled) is kept in `unsettled` for `settle_lost_sends`.
    """
    total = Outcome([], [])
    queue = [entries]
    sends = 0
    while queue:
        part = queue.pop()
        if not part:
            continue
        sends += 1
        step = Outcome([], [])
        try:
            if sends > MAX_SENDS:
                raise PermanentStorefrontError("inventory batch: too many refused items to isolate")
            await _send_noting_loss(send, part, unsettled)
        except PermanentStorefrontError as exc:
            kept = _split(part, exc, step, queue, exhausted=sends > MAX_SENDS)
            if kept:
                queue.append(kept)
        else:
            step.delivered = [(r, e.quantity.quantity) for e in part for r in e.rows]
        await settle(step)
        total.delivered += step.delivered
        total.refused += step.refused
    return total


async def _send_noting_loss(send: Send, part: list[Entry], unsettled: Unsettled) -> None:
    quantities, key = tuple(e.quantity for e in part), batch_key(part)
    try:
        await send(quantities, key)
    except ThrottledError:
        raise  # refused before it ran: nothing can land later
    except TransientStorefrontError:
        unsettled[key] = quantities
        raise


async def settle_lost_sends(send: Send, unsettled: Unsettled) -> None:
    """Send every lost send again with its own key, so none can land after a newer quantity.

    Shopify replays a landed one, applies one that never arrived (nothing newer was sent since),
    answers IDEMPOTENCY_CONCURRENT_REQUEST while one is still in flight (raised as transient:
    the flush waits), and refuses one that failed (nothing of it landed). Called by the flush first.
    """
    for key, quantities in list(unsettled.items()):
        with contextlib.suppress(PermanentStorefrontError):
            await send(quantities, key)
        del unsettled[key]


def _split(
    part: list[Entry], exc: StorefrontError, step: Outcome, queue: list[list[Entry]], exhausted: bool
) -> list[Entry]:
    """Refused entries go into `step`; answers the entries to send again (or queues halves)."""
    by_index: dict[int, list[str]] = {}
    general: list[str] = []
    for error in exc.user_errors:
        index = _item_index(error, len(part))
        (by_index.setdefault(index, []) if index is not None else general).append(error.describe())
    if by_index and not exhausted:
        for index, messages in by_index.items():
            step.refused += [(r, "; ".join(messages)) for r in part[index].rows]
        return [e for i, e in enumerate(part) if i not in by_index]
    unnamed = not exc.user_errors or all(not e.field for e in exc.user_errors)
    if unnamed and len(part) > 1 and not exhausted:
        half = len(part) // 2
        queue += [part[:half], part[half:]]
        return []
    message = "; ".join(general) or str(exc)
    step.refused += [(r, message) for e in part for r in e.rows]
    return []
