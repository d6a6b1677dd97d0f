"""order_cancel: cancel the order in the store (awaited job); already cancelled is success."""

from __future__ import annotations

from connector.actions.common import outcome_events, target_id, unknown_order
from connector.intents.engine import execute
from connector.intents.payloads import CancelOrder
from connector.intents.snapshots import offer
from connector.retailops import Association, OrderCancelRequest
from connector.retailops.responses import OrderCancelResponse
from connector.services import Services


async def handle(services: Services, request: OrderCancelRequest) -> OrderCancelResponse:
    """success when the order is (or already was) cancelled; fail with the store's reason otherwise."""
    refnum, order_id = await target_id(services, request.order.channel_order_refnum)
    # Whether it exists and is cancelled is all the decision needs: one lean read, not the order.
    state = (await services.storefront.applied_states([order_id])).get(order_id) if order_id else None
    if state is None:
        return OrderCancelResponse(status="fail", events=[unknown_order(refnum)])
    payload = CancelOrder(order_id=state.id, retailops_order_id=request.order.retailops_order_id)
    key = f"cancel:{refnum}"
    with offer(key, state):
        outcome = await execute(services, key=key, refnum=refnum, payload=payload)
    status = "fail" if outcome.status == "failed" else "success"
    events = outcome_events(outcome, "Cancellation", Association.order_refnum(refnum))
    return OrderCancelResponse(status=status, events=events)
