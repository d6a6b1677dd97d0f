"""order_complete: remove what RetailOps will never ship (order edit), then close the order."""

from __future__ import annotations

from connector.actions.common import outcome_events, resolve
from connector.intents.engine import execute
from connector.intents.payloads import CompleteOrder
from connector.retailops import Event, OrderCompleteRequest
from connector.retailops.responses import OrderCompleteResponse
from connector.services import Services


async def handle(services: Services, request: OrderCompleteRequest) -> OrderCompleteResponse:
    """success once the order is closed in the store (or queued to be); fail if the store refuses."""
    target = await resolve(services, request.order.channel_order_refnum)
    if isinstance(target, Event):
        return OrderCompleteResponse(status="fail", events=[target])
    payload = CompleteOrder(order_id=target.order.id)
    outcome = await execute(services, key=f"complete:{target.refnum}", refnum=target.refnum, payload=payload)
    status = "fail" if outcome.status == "failed" else "success"
    return OrderCompleteResponse(status=status, events=outcome_events(outcome, "Completion", target.assoc))
