"""complete_order: remove what RetailOps will never ship, then close the order."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import CompleteOrder
from connector.services import Services
from storefront_clients.base import LineEdit, RefundLine, RefundRequest, RestockType


async def complete(services: Services, payload: CompleteOrder) -> dict[str, Any]:
    """Remove unshipped units (order edit, or refund if so configured), then orderClose; safe to repeat."""
    order_id = payload.order_id
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
