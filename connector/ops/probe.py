"""On-demand reads of the store for operator pages (the Shopify client only; other clients say so)."""

from __future__ import annotations

import logging
from datetime import datetime

from connector.services import Services
from storefront_clients.shopify.diagnostics import newest_order
from storefront_clients.shopify.transport import Transport

log = logging.getLogger("connector.ops")


def transport_of(storefront: object) -> Transport | None:
    """The Shopify client's transport, or None for other storefront implementations."""
    transport = getattr(storefront, "transport", None)
    return transport if isinstance(transport, Transport) else None


async def newest_store_order(services: Services) -> tuple[datetime | None, str]:
    """When the store's newest order was placed, or None and why not."""
    transport = transport_of(services.storefront)
    if transport is None:
        return None, "not available for this storefront"
    try:
        order = await newest_order(transport)
    except Exception as exc:  # an operator page must render even when the store does not answer
        log.warning("newest store order read failed: %s", exc)
        return None, f"the store did not answer: {type(exc).__name__}"
    if order is None:
        return None, "the store has no order"
    return order.created_at, ""
