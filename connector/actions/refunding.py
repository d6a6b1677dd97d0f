"""Refund exactly once: shared by order_returned and order_complete's refund performers.

A `refundCreate` that applied without an answer must be recognised, not refused: the exact
`RefundInput` of the first attempt is kept in the intent and resent as is (same key, same
variables, so Shopify answers the first refund), and before every attempt the order's refunds are
read, a refund carrying this request's note being the one an earlier attempt created.
"""

from __future__ import annotations

from typing import Any

from connector.intents import remember
from connector.services import Services
from storefront_clients.base import RefundRequest, RefundResult


async def refund_once(
    services: Services, payload: dict[str, Any], request: RefundRequest, key: str
) -> tuple[RefundResult, bool]:
    """The refund for `request` (created now, or found from an earlier attempt) and whether it was found."""
    if request.note:
        for existing in await services.storefront.order_refunds(request.order_id):
            if existing.note == request.note:
                return existing, True
    planned = payload.get("_refund_input")
    if not isinstance(planned, dict):
        planned = await services.storefront.plan_refund(request)
        await remember(services, payload, "_refund_input", planned)
    return await services.storefront.refund(request, idempotency_key=key, planned=planned), False
