"""order_cancel: cancel the order in the store (awaited job); already cancelled is success."""

from __future__ import annotations

from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents import execute, performer
from connector.retailops import Association, OrderCancelRequest
from connector.retailops.responses import OrderCancelResponse
from connector.services import Services
from storefront_clients.base import CancelOptions, CancelReason


@performer("cancel_order")
async def cancel(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Cancel unless the store already shows the order cancelled (so a retry never fails on itself)."""
    current = (await services.storefront.fetch_orders([payload["order_id"]])).get(payload["order_id"])
    if current is not None and current.cancelled_at is not None:
        return {"cancelled_at": current.cancelled_at.isoformat(), "already": True}
    settings = services.settings
    await services.storefront.cancel_order(
        payload["order_id"],
        CancelOptions(
            reason=CancelReason(settings.connector_cancel_reason),
            restock=settings.connector_cancel_restock,
            refund=settings.connector_cancel_refund,
            notify_customer=settings.connector_cancel_notify_customer,
            staff_note=_staff_note(payload.get("retailops_order_id")),
        ),
    )
    return {"cancelled": True}


def _staff_note(retailops_order_id: int | None) -> str:
    if retailops_order_id is None:
        return "Cancelled by RetailOps"
    return f"Cancelled by RetailOps (RetailOps order {retailops_order_id})"


async def handle(services: Services, request: OrderCancelRequest) -> OrderCancelResponse:
    """success when the order is (or already was) cancelled; fail with the store's reason otherwise."""
    refnum = (request.order.channel_order_refnum or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return OrderCancelResponse(status="fail", events=[unknown_order(refnum)])
    assoc = Association.order_refnum(refnum)
    outcome = await execute(
        services,
        key=f"cancel:{refnum}",
        kind="cancel_order",
        refnum=refnum,
        payload={"order_id": order.id, "retailops_order_id": request.order.retailops_order_id},
    )
    status = "fail" if outcome.status == "failed" else "success"
    return OrderCancelResponse(status=status, events=outcome_events(outcome, "Cancellation", assoc))
