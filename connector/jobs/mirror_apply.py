"""Store order facts in the mirror and map the orders that may be offered.

Called by the order_sync job (pages, rechecks, webhook hints) and by its bulk backfill, which
already holds the full orders and passes them in so no order is read twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from connector.intake.snapshot import snapshot
from connector.repo import mirror, runs
from connector.services import Services
from storefront_clients.base import OrderFacts, StoreOrder

FETCH_BATCH = 50


def _needs_snapshot(
    facts: OrderFacts,
    row: object,
    ledger_state: tuple[bool, bool] | None,
    payable: tuple[str, ...],
    refresh: bool,
) -> bool:
    acknowledged, cancel_offered = ledger_state or (False, False)
    stored = getattr(row, "payload_updated_at", None)
    if not refresh and stored is not None and stored >= facts.updated_at:
        return False
    if acknowledged:
        # Only a store-side cancellation of an imported order is offered again.
        return facts.cancelled_at is not None and not cancel_offered
    open_ = facts.cancelled_at is None and not facts.closed
    return open_ and (facts.financial_status or "").upper() in payable


async def apply_facts(
    services: Services,
    facts: list[OrderFacts],
    known: Mapping[str, StoreOrder] | None = None,
    *,
    refresh: bool = False,
) -> int:
    """Store fresh facts and (re)map the orders that may be offered; answers snapshots stored.

    Orders in `known` are mapped as given; the others are read by id. `refresh` re-maps even
    when the stored snapshot is as new as the facts (it was taken from an incomplete read).
    """
    if not facts:
        return 0
    tag = services.settings.connector_order_tag
    rows = await services.db.run(partial(mirror.upsert_facts, facts=facts, tag=tag))
    states = await services.db.run(
        partial(mirror.acknowledged_or_offered, refnums=[r.refnum for r in rows.values()])
    )
    payable = tuple(s.upper() for s in services.settings.connector_pull_financial_statuses)
    wanted = [
        f.id
        for f in facts
        if f.id in rows and _needs_snapshot(f, rows[f.id], states.get(rows[f.id].refnum), payable, refresh)
    ]
    key = services.settings.connector_gift_message_key
    given = known or {}
    snaps = [snapshot(given[i], key) for i in wanted if i in given]
    await _store(services, snaps)
    stored = len(snaps)
    missing = [i for i in wanted if i not in given]
    for start in range(0, len(missing), FETCH_BATCH):
        orders = await services.storefront.fetch_orders(missing[start : start + FETCH_BATCH])
        fetched = [snapshot(o, key) for o in orders.values()]
        await _store(services, fetched)
        stored += len(fetched)
    return stored


async def _store(services: Services, snaps: list[mirror.Snapshot]) -> None:
    """Save snapshots and note them on the order pages' job-run history (console)."""
    if not snaps:
        return
    await services.db.run(partial(mirror.set_snapshots, snapshots=snaps))
    await services.db.run(partial(runs.snapshots_touched, run=runs.current.get(), snapshots=snaps))
