"""order_complete: remove what RetailOps will never ship (order edit), then close the order."""

from __future__ import annotations

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents.engine import execute
from connector.intents.payloads import CompleteOrder
from connector.retailops import Association, OrderCompleteRequest
from connector.retailops.responses import OrderCompleteResponse
from connector.services import Services


async def handle(services: Services, request: OrderCompleteRequest) -> OrderCompleteResponse:
    """success once the order is closed in the store (or queued to be); fail if the store refuses."""
    refnum = (request.order.channel_order_refnum or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return OrderCompleteResponse(status="fail", events=[unknown_order(refnum)])
    outcome = await execute(
        services,
        key=f"complete:{refnum}",
        refnum=refnum,
        payload=CompleteOrder(order_id=order.id),
    )
    status = "fail" if outcome.status == "failed" else "success"
    return OrderCompleteResponse(
        status=status,
        events=outcome_events(outcome, "Completion", Association.order_refnum(refnum)),
    )
