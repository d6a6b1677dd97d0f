"""order_cancel: cancel the order in the store (awaited job); already cancelled is success."""

from __future__ import annotations

from connector.actions.common import outcome_events, resolve
from connector.intents.engine import execute
from connector.intents.payloads import CancelOrder
from connector.retailops import Event, OrderCancelRequest
from connector.retailops.responses import OrderCancelResponse
from connector.services import Services


async def handle(services: Services, request: OrderCancelRequest) -> OrderCancelResponse:
    """success when the order is (or already was) cancelled; fail with the store's reason otherwise."""
    target = await resolve(services, request.order.channel_order_refnum)
    if isinstance(target, Event):
        return OrderCancelResponse(status="fail", events=[target])
    payload = CancelOrder(order_id=target.order.id, retailops_order_id=request.order.retailops_order_id)
    outcome = await execute(services, key=f"cancel:{target.refnum}", refnum=target.refnum, payload=payload)
    status = "fail" if outcome.status == "failed" else "success"
    return OrderCancelResponse(status=status, events=outcome_events(outcome, "Cancellation", target.assoc))
