"""complete_order: remove what RetailOps will never ship (refunding what was paid for it), then close."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.intents.payloads import CompleteOrder
from connector.intents.performers.refund import refund_once
from connector.intents.snapshots import current_order, remember
from connector.services import Services
from storefront_clients.base import (
    LineEdit,
    RefundLine,
    RefundRequest,
    RestockType,
    StoreOrder,
    TransactionKind,
)

COMPLETE_NOTE = "Not shipped: order completed in RetailOps"


def _paid(order: StoreOrder) -> Decimal:
    """Money the customer has paid on the order and not been refunded (sales and captures)."""
    total = Decimal(0)
    for t in order.transactions:
        if t.status.upper() != "SUCCESS":
            continue
        if t.kind in (TransactionKind.SALE, TransactionKind.CAPTURE):
            total += t.amount.amount
        elif t.kind == TransactionKind.REFUND:
            total -= t.amount.amount
    return total


async def complete(services: Services, payload: CompleteOrder) -> dict[str, Any]:
    """Remove unshipped units, refunding what was paid for them, then orderClose; safe to repeat.

    In the default `edit` mode the financial state decides: an order edit removes units nobody has
    paid for yet (authorized or pending money simply stops being needed), but once money was
    captured an edit would keep it, so those units are removed by a refund that returns it.
    """
    order_id = payload.order_id
    order = await current_order(services, order_id)
    if order is None:
        return {"missing": True}
    result: dict[str, Any] = {"closed": True, "removed_units": payload.removed_units or 0}
    unshipped = [
        line
        for line in order.lines
        if line.unfulfilled_quantity > 0 and line.requires_shipping and not line.is_gift_card
    ]
    if order.cancelled_at is None and not order.closed and unshipped:
        units = sum(li.unfulfilled_quantity for li in unshipped)
        paid = _paid(order)
        if services.settings.connector_complete_unshipped == "refund" or paid > 0:
            request = RefundRequest(
                order_id=order_id,
                lines=tuple(
                    RefundLine(li.id, li.unfulfilled_quantity, RestockType.CANCEL) for li in unshipped
                ),
                note=COMPLETE_NOTE,
                currency=order.currency,
            )
            await remember(services, "_removed_units", units)
            refund, _found, _input = await refund_once(
                services, request, f"complete-refund:{order_id}", payload.refund_input
            )
            result.update(removed_units=units, how="refund", refunded=str(refund.total.amount))
        else:
            edits = [
                LineEdit(
                    quantity=li.current_quantity - li.unfulfilled_quantity, line_item_id=li.id, restock=True
                )
                for li in unshipped
            ]
            await remember(services, "_removed_units", units)
            await services.storefront.edit_order(order_id, edits)
            result.update(removed_units=units, how="edit", refunded="0")
    elif payload.refund_input is not None:
        # An earlier attempt refunded the units and then lost its answer: say what it did.
        refunds = [r for r in await services.storefront.order_refunds(order_id) if r.note == COMPLETE_NOTE]
        refunded = refunds[0].total.amount if refunds else Decimal(0)
        result.update(how="refund", refunded=str(refunded))
    if not order.closed:
        await services.storefront.close_order(order_id)
    result["currency"] = order.currency
    return result
