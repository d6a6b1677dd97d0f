"""refund: refundCreate exactly once, resending the first attempt's exact input under the return's key.

A `refundCreate` that applied without an answer must be recognised, not refused: the exact
`RefundInput` of the first attempt is kept in the intent and resent as is (same key, same
variables, so Shopify answers the first refund; a rebuilt input would meet
IDEMPOTENCY_KEY_PARAMETER_MISMATCH, or no longer fit what is left to refund), and before every
attempt the order's refunds are read: one carrying this request's note is the one an earlier
attempt created.
"""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import Refund
from connector.intents.snapshots import remember
from connector.services import Services
from storefront_clients.base import RefundLine, RefundRequest, RefundResult, RestockType


async def refund_once(
    services: Services, request: RefundRequest, key: str, planned: dict[str, Any] | None
) -> tuple[RefundResult, bool, dict[str, Any] | None]:
    """The refund (created now, or found from an earlier attempt), whether it was found, the input sent."""
    if request.note:
        for existing in await services.storefront.order_refunds(request.order_id):
            if existing.note == request.note:
                return existing, True, planned
    if planned is None:
        planned = await services.storefront.plan_refund(request)
        await remember(services, "_refund_input", planned)
    return await services.storefront.refund(request, idempotency_key=key, planned=planned), False, planned


def _credit_asked(planned: dict[str, Any] | None) -> str | None:
    for method in (planned or {}).get("refundMethods") or ():
        amount = (method.get("storeCreditRefund") or {}).get("amount") or {}
        if amount.get("amount") is not None:
            return str(amount["amount"])
    return None


async def refund(services: Services, payload: Refund) -> dict[str, Any]:
    """refundCreate with @idempotent(key), resending the first attempt's exact input."""
    request = RefundRequest(
        order_id=payload.order_id,
        lines=tuple(
            RefundLine(line_id, qty, RestockType(payload.restock_type)) for line_id, qty in payload.lines
        ),
        shipping_amount=payload.shipping,
        amount=payload.amount,
        currency=payload.currency,
        to_store_credit=payload.to_store_credit,
        note=payload.note,
    )
    result, found, planned = await refund_once(services, request, payload.key, payload.refund_input)
    credit = str(result.store_credit.amount) if result.store_credit else None
    if found and payload.to_store_credit:
        # Recognised from the order's refunds: the credit is what the first attempt asked for.
        credit = _credit_asked(planned)
    return {
        "refund_id": result.id,
        "total": str(result.total.amount),
        "store_credit": credit,
        **({"recognised_earlier_refund": True} if found else {}),
    }
