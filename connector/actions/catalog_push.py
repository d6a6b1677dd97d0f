"""catalog_push: validate template_output against the published schema and upsert each product."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from connector.actions.common import outcome_events
from connector.catalog.codec import from_payload, to_payload
from connector.catalog.template import parse_products
from connector.intents import Outcome, execute, performer
from connector.repo import intents, skus
from connector.retailops import Association, CatalogPushRequest, Event, EventCode, error_event
from connector.retailops.responses import CatalogPushResponse
from connector.services import Services


@performer("upsert_product")
async def upsert(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """productSet the whole product, then remember its variants in the SKU map."""
    result = await services.storefront.upsert_product(from_payload(payload))
    await services.db.run(lambda s: skus.record(s, result.variants))
    return {"product_id": result.product_id, "skus": [v.sku for v in result.variants]}


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
        payload = to_payload(product)
        key = f"product:{product.handle}:{intents.payload_hash(payload)[:16]}"
        remaining = deadline - time.monotonic()
        if remaining > 0:
            outcome = await execute(
                services,
                key=key,
                kind="upsert_product",
                refnum=None,
                payload=payload,
                budget=remaining,
            )
        else:
            # Out of time for this request: keep it durable, the retry job applies it shortly.
            await services.db.run(
                partial(intents.ensure, key=key, kind="upsert_product", refnum=None, payload=payload)
            )
            outcome = Outcome("queued", error="request time budget spent")
        events += outcome_events(
            outcome,
            f"Product {product.handle!r}",
            *_assocs(product.handle, [v.sku for v in product.variants]),
        )
    return CatalogPushResponse(events=events)
