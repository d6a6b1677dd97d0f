"""tag_order: add the imported tag to an acknowledged order."""

from __future__ import annotations

from functools import partial
from typing import Any

from connector.intents.payloads import TagOrder
from connector.repo import ledger
from connector.services import Services


async def apply_tag(services: Services, payload: TagOrder) -> dict[str, Any]:
    """Add the imported tag to an order; tagsAdd keeps existing tags, so a repeat is harmless."""
    await services.storefront.add_tags(payload.order_id, [payload.tag])
    await services.db.run(partial(ledger.mark_tagged, refnum=payload.refnum))
    return {"tagged": payload.tag}
