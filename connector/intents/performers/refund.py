"""refund: refundCreate with the return's idempotency key, so a retry answers the first refund."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import Refund
from connector.services import Services
from storefront_clients.base import RefundLine, RefundRequest, RestockType


async def refund(services: Services, payload: Refund) -> dict[str, Any]:
    """refundCreate with @idempotent(key) so a retry answers the first refund."""
    result = await services.storefront.refund(
        RefundRequest(
            order_id=payload.order_id,
            lines=tuple(
                RefundLine(line_id, qty, RestockType(payload.restock_type)) for line_id, qty in payload.lines
            ),
            shipping_amount=payload.shipping,
            amount=payload.amount,
            currency=payload.currency,
            to_store_credit=payload.to_store_credit,
            note=payload.note,
        ),
        idempotency_key=payload.key,
    )
    return {
        "refund_id": result.id,
        "total": str(result.total.amount),
        "store_credit": str(result.store_credit.amount) if result.store_credit else None,
    }
