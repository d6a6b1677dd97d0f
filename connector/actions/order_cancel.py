"""order_cancel: cancel the order in the store (awaited job); already cancelled is success."""

from __future__ import annotations

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents.engine import execute
from connector.intents.payloads import CancelOrder
from connector.retailops import Association, OrderCancelRequest
from connector.retailops.responses import OrderCancelResponse
from connector.services import Services


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
        refnum=refnum,
        payload=CancelOrder(order_id=order.id, retailops_order_id=request.order.retailops_order_id),
    )
    status = "fail" if outcome.status == "failed" else "success"
    return OrderCancelResponse(status=status, events=outcome_events(outcome, "Cancellation", assoc))
