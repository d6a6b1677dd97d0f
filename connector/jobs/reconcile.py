"""Order reconciliation: missing store tags re-applied, submitted fulfilments and cancellations checked."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import select
from sqlmodel import Session, col

from connector.db.tables import IntentStatus, WriteIntent
from connector.intents import execute
from connector.repo import ledger
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


def _done_intents(session: Session, kind: str, limit: int) -> list[WriteIntent]:
    stmt = (
        select(WriteIntent)
        .where(col(WriteIntent.kind) == kind, col(WriteIntent.status) == IntentStatus.DONE)
        .order_by(col(WriteIntent.updated_at).desc())
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())


async def _tags(services: Services, figures: ReconcileFigures) -> None:
    rows = await services.db.run(partial(ledger.untagged, limit=BATCH))
    for row in rows:
        outcome = await execute(
            services,
            key=f"tag:{row.refnum}",
            kind="tag_order",
            refnum=row.refnum,
            payload={
                "order_id": row.store_order_id,
                "refnum": row.refnum,
                "tag": services.settings.connector_order_tag,
            },
        )
        if outcome.status == "done":
            figures.tags_applied += 1


async def _fulfilments(services: Services, figures: ReconcileFigures) -> None:
    intents = await services.db.run(partial(_done_intents, kind="fulfil", limit=BATCH))
    by_order: dict[str, list[WriteIntent]] = {}
    for intent in intents:
        by_order.setdefault(json.loads(intent.payload)["order_id"], []).append(intent)
    orders = await services.storefront.fetch_orders(list(by_order))
    for order_id, wanted in by_order.items():
        order = orders.get(order_id)
        present = {f.id: f for f in order.fulfillments} if order else {}
        for intent in wanted:
            payload = json.loads(intent.payload)
            fulfillment_id = json.loads(intent.result or "{}").get("fulfillment_id")
            found = present.get(fulfillment_id)
            if found is None:
                figures.fulfilments_missing.append(intent.idempotency_key)
                continue
            number = payload.get("tracking_number")
            if number and not any(t.number == number for t in found.tracking):
                await services.storefront.update_tracking(
                    found.id, Tracking(number, payload.get("company"), payload.get("url"))
                )
                figures.tracking_repaired += 1


async def _cancellations(services: Services, figures: ReconcileFigures) -> None:
    intents = await services.db.run(partial(_done_intents, kind="cancel_order", limit=BATCH))
    ids = {json.loads(i.payload)["order_id"]: i.idempotency_key for i in intents}
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
