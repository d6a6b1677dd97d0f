"""catalog_push: validate template_output against the published schema and upsert each product."""

from __future__ import annotations

import time
from functools import partial

from connector.actions.common import outcome_events
from connector.catalog.template import parse_products
from connector.intents.engine import Outcome, execute, record
from connector.intents.payloads import UpsertProduct
from connector.retailops import Association, CatalogPushRequest, Event, EventCode, error_event
from connector.retailops.responses import CatalogPushResponse
from connector.services import Services


def _assocs(handle: str | None, sku_list: tuple[str, ...] | list[str]) -> list[Association]:
    out = [Association.product_id(handle)] if handle else []
    return out + [Association.sku_number(s) for s in sku_list]


async def handle(services: Services, request: CatalogPushRequest) -> CatalogPushResponse:
    """One event per refused product; one bad product never stops the others. Inventory is not set here."""
    products, problems = parse_products(request.template_output or {})
    events: list[Event] = [
        error_event(EventCode.INVALID_REQUEST, p.message, *_assocs(p.handle, p.skus)) for p in problems
    ]
    deadline = time.monotonic() + services.settings.connector_write_budget_seconds
    for product in products:
        payload = UpsertProduct(product)
        key = f"product:{product.handle}:{payload.digest()[:16]}"
        remaining = deadline - time.monotonic()
        if remaining > 0:
            outcome = await execute(
                services,
                key=key,
                refnum=None,
                payload=payload,
                budget=remaining,
            )
        else:
            # Out of time for this request: keep it durable, the retry job applies it shortly.
            await services.db.run(partial(record, key=key, refnum=None, payload=payload))
            outcome = Outcome("queued", error="request time budget spent")
        events += outcome_events(
            outcome,
            f"Product {product.handle!r}",
            *_assocs(product.handle, [v.sku for v in product.variants]),
        )
    return CatalogPushResponse(events=events)
