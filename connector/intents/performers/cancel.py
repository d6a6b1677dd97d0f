"""cancel_order: cancel an order unless the store already shows it cancelled."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import CancelOrder
from connector.intents.snapshots import offered
from connector.services import Services
from storefront_clients.base import AppliedState, CancelOptions, CancelReason


async def cancel(services: Services, payload: CancelOrder) -> dict[str, Any]:
    """Cancel unless the store already shows the order cancelled (so a retry never fails on itself)."""
    # The first try of a new intent takes the action's read; a retry reads again (it may have applied).
    order_id = payload.order_id
    current = offered(AppliedState, order_id)
    if current is None:
        current = (await services.storefront.applied_states([order_id])).get(order_id)
    if current is not None and current.cancelled_at is not None:
        return {"cancelled_at": current.cancelled_at.isoformat(), "already": True}
    settings = services.settings
    await services.storefront.cancel_order(
        order_id,
        CancelOptions(
            reason=CancelReason(settings.connector_cancel_reason),
            restock=settings.connector_cancel_restock,
            refund=settings.connector_cancel_refund,
            notify_customer=settings.connector_cancel_notify_customer,
            staff_note=_staff_note(payload.retailops_order_id),
        ),
    )
    return {"cancelled": True}


def _staff_note(retailops_order_id: int | None) -> str:
    if retailops_order_id is None:
        return "Cancelled by RetailOps"
    return f"Cancelled by RetailOps (RetailOps order {retailops_order_id})"
