"""order_complete: remove what RetailOps will never ship (order edit), then close the order."""

from __future__ import annotations

from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents import execute, performer
from connector.retailops import Association, OrderCompleteRequest
from connector.retailops.responses import OrderCompleteResponse
from connector.services import Services
from storefront_clients.base import LineEdit


@performer("complete_order")
async def complete(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Edit unshipped quantities out (only what is still unfulfilled), then orderClose; safe to repeat."""
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        return {"missing": True}
    removed = 0
    if order.cancelled_at is None and not order.closed:
        edits = [
            LineEdit(
                quantity=line.current_quantity - line.unfulfilled_quantity,
                line_item_id=line.id,
                restock=True,
            )
            for line in order.lines
            if line.unfulfilled_quantity > 0 and line.requires_shipping and not line.is_gift_card
        ]
        if edits:
            await services.storefront.edit_order(order_id, edits)
            removed = sum(line.unfulfilled_quantity for line in order.lines if line.unfulfilled_quantity > 0)
    if not order.closed:
        await services.storefront.close_order(order_id)
    return {"closed": True, "removed_units": removed}


async def handle(services: Services, request: OrderCompleteRequest) -> OrderCompleteResponse:
    """success once the order is closed in the store (or queued to be); fail if the store refuses."""
    refnum = (request.order.channel_order_refnum or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return OrderCompleteResponse(status="fail", events=[unknown_order(refnum)])
    outcome = await execute(
        services,
        key=f"complete:{refnum}",
        kind="complete_order",
        refnum=refnum,
        payload={"order_id": order.id},
    )
    status = "fail" if outcome.status == "failed" else "success"
    return OrderCompleteResponse(
        status=status,
        events=outcome_events(outcome, "Completion", Association.order_refnum(refnum)),
    )
