"""order_complete: remove what RetailOps will never ship (order edit), then close the order."""

from __future__ import annotations

from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents import execute, performer
from connector.retailops import Association, OrderCompleteRequest
from connector.retailops.responses import OrderCompleteResponse
from connector.services import Services
from storefront_clients.base import LineEdit, RefundLine, RefundRequest, RestockType


@performer("complete_order")
async def complete(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Remove unshipped units (order edit, or refund if so configured), then orderClose; safe to repeat."""
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        return {"missing": True}
    removed = 0
    unshipped = [
        line
        for line in order.lines
        if line.unfulfilled_quantity > 0 and line.requires_shipping and not line.is_gift_card
    ]
    if order.cancelled_at is None and not order.closed and unshipped:
        if services.settings.connector_complete_unshipped == "refund":
            await services.storefront.refund(
                RefundRequest(
                    order_id=order_id,
                    lines=tuple(
                        RefundLine(li.id, li.unfulfilled_quantity, RestockType.CANCEL) for li in unshipped
                    ),
                    note="Not shipped: order completed in RetailOps",
                ),
                idempotency_key=f"complete-refund:{order_id}",
            )
        else:
            edits = [
                LineEdit(
                    quantity=li.current_quantity - li.unfulfilled_quantity, line_item_id=li.id, restock=True
                )
                for li in unshipped
            ]
            await services.storefront.edit_order(order_id, edits)
        removed = sum(li.unfulfilled_quantity for li in unshipped)
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
