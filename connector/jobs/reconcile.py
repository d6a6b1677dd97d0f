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
from storefront_clients.base import Tracking

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


async def _fulfilments(services: Services, figures: ReconcileFigures) -> None:
    rows = await services.db.run(partial(intents.recent_done, kind=Fulfil.KIND, limit=BATCH))
    by_order: dict[str, list[tuple[WriteIntent, Fulfil]]] = {}
    for row in rows:
        payload = Fulfil.from_json(json.loads(row.payload))
        by_order.setdefault(payload.order_id, []).append((row, payload))
    orders = await services.storefront.fetch_orders(list(by_order))
    for order_id, wanted in by_order.items():
        order = orders.get(order_id)
        present = {f.id: f for f in order.fulfillments} if order else {}
        for intent, payload in wanted:
            fulfillment_id = json.loads(intent.result or "{}").get("fulfillment_id")
            found = present.get(fulfillment_id)
            if found is None:
                figures.fulfilments_missing.append(intent.idempotency_key)
                continue
            number = payload.tracking_number
            if number and not any(t.number == number for t in found.tracking):
                await services.storefront.update_tracking(
                    found.id, Tracking(number, payload.company, payload.url)
                )
                figures.tracking_repaired += 1


async def _cancellations(services: Services, figures: ReconcileFigures) -> None:
    rows = await services.db.run(partial(intents.recent_done, kind=CancelOrder.KIND, limit=BATCH))
    ids = {CancelOrder.from_json(json.loads(r.payload)).order_id: r.idempotency_key for r in rows}
    orders = await services.storefront.fetch_orders(list(ids))
    for order_id, key in ids.items():
        order = orders.get(order_id)
        if order is None or order.cancelled_at is None:
            figures.cancels_missing.append(key)


async def reconcile(services: Services) -> ReconcileFigures:
    """One pass over recent writes; problems are logged for an operator and counted in the figures."""
    figures = ReconcileFigures()
    await _tags(services, figures)
    await _fulfilments(services, figures)
    await _cancellations(services, figures)
    for what, keys in (
        ("fulfilments", figures.fulfilments_missing),
        ("cancellations", figures.cancels_missing),
    ):
        if keys:
            log.error("%d %s RetailOps asked for are not in the store: %s", len(keys), what, keys[:10])
    return figures
