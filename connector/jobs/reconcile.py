"""Order reconciliation: missing store tags re-applied, submitted fulfilments and cancellations checked."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import partial

from connector.db.tables import WriteIntent
from connector.intents.engine import execute
from connector.intents.payloads import CancelOrder, Fulfil, TagOrder
from connector.repo import intents, ledger
from connector.services import Services
from storefront_clients.base import AppliedState, Tracking

log = logging.getLogger("connector.jobs.reconcile")
BATCH = 50


@dataclass
class ReconcileFigures:
    """What one reconciliation run found and did."""

    tags_applied: int = 0
    tracking_repaired: int = 0
    fulfilments_missing: list[str] = field(default_factory=list)
    cancels_missing: list[str] = field(default_factory=list)


async def _tags(services: Services, figures: ReconcileFigures) -> None:
    rows = await services.db.run(partial(ledger.untagged, limit=BATCH))
    for row in rows:
        outcome = await execute(
            services,
            key=f"tag:{row.refnum}",
            refnum=row.refnum,
            payload=TagOrder(
                order_id=row.store_order_id, refnum=row.refnum, tag=services.settings.connector_order_tag
            ),
        )
        if outcome.status == "done":
            figures.tags_applied += 1


async def _fulfilments(
    services: Services,
    figures: ReconcileFigures,
    fulfils: list[tuple[WriteIntent, Fulfil]],
    states: dict[str, AppliedState],
) -> None:
    for intent, payload in fulfils:
        state = states.get(payload.order_id)
        present = dict(state.fulfillments) if state else {}
        result = json.loads(intent.result or "{}")
        # A package over several locations made one fulfilment per location: each must be there.
        made = result.get("fulfillment_ids") or [result.get("fulfillment_id")]
        if any(f not in present for f in made):
            figures.fulfilments_missing.append(intent.idempotency_key)
            continue
        number = payload.tracking_number
        for fulfillment_id in made:
            if number and not any(t.number == number for t in present[fulfillment_id]):
                await services.storefront.update_tracking(
                    fulfillment_id, Tracking(number, payload.company, payload.url)
                )
                figures.tracking_repaired += 1


def _cancellations(
    figures: ReconcileFigures, cancels: list[tuple[WriteIntent, CancelOrder]], states: dict[str, AppliedState]
) -> None:
    for intent, payload in cancels:
        state = states.get(payload.order_id)
        if state is None or state.cancelled_at is None:
            figures.cancels_missing.append(intent.idempotency_key)


async def reconcile(services: Services) -> ReconcileFigures:
    """One pass over recent writes; problems are logged for an operator and counted in the figures."""
    figures = ReconcileFigures()
    await _tags(services, figures)
    fulfils = [
        (row, Fulfil.from_json(json.loads(row.payload)))
        for row in await services.db.run(partial(intents.recent_done, kind=Fulfil.KIND, limit=BATCH))
    ]
    cancels = [
        (row, CancelOrder.from_json(json.loads(row.payload)))
        for row in await services.db.run(partial(intents.recent_done, kind=CancelOrder.KIND, limit=BATCH))
    ]
    # One lean read of every order checked (cancelled or not, fulfilments and their tracking).
    order_ids = sorted({p.order_id for _, p in fulfils} | {p.order_id for _, p in cancels})
    states = await services.storefront.applied_states(order_ids) if order_ids else {}
    await _fulfilments(services, figures, fulfils, states)
    _cancellations(figures, cancels, states)
    for what, keys in (
        ("fulfilments", figures.fulfilments_missing),
        ("cancellations", figures.cancels_missing),
    ):
        if keys:
            log.error("%d %s RetailOps asked for are not in the store: %s", len(keys), what, keys[:10])
    return figures
