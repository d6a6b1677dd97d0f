"""order_complete: remove what RetailOps will never ship (order edit), then close the order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.actions.refunding import refund_once
from connector.intents import execute, performer, remember
from connector.retailops import Association, Event, EventCode, OrderCompleteRequest, info_event
from connector.retailops.responses import OrderCompleteResponse
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


@performer("complete_order")
async def complete(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Remove unshipped units, refunding what was paid for them, then orderClose; safe to repeat.

    In the default `edit` mode the financial state decides: an order edit removes units nobody has
    paid for yet (authorized or pending money simply stops being needed), but once money was
    captured an edit would keep it, so those units are removed by a refund that returns it.
    """
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        return {"missing": True}
    result: dict[str, Any] = {"closed": True, "removed_units": payload.get("_removed_units", 0)}
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
            await remember(services, payload, "_removed_units", units)
            refund, _found = await refund_once(services, payload, request, f"complete-refund:{order_id}")
            result.update(removed_units=units, how="refund", refunded=str(refund.total.amount))
        else:
            edits = [
                LineEdit(
                    quantity=li.current_quantity - li.unfulfilled_quantity, line_item_id=li.id, restock=True
                )
                for li in unshipped
            ]
            await remember(services, payload, "_removed_units", units)
            await services.storefront.edit_order(order_id, edits)
            result.update(removed_units=units, how="edit", refunded="0")
    elif payload.get("_refund_input") is not None:
        # An earlier attempt refunded the units and then lost its answer: say what it did.
        refunds = [r for r in await services.storefront.order_refunds(order_id) if r.note == COMPLETE_NOTE]
        refunded = refunds[0].total.amount if refunds else Decimal(0)
        result.update(how="refund", refunded=str(refunded))
    if not order.closed:
        await services.storefront.close_order(order_id)
    result["currency"] = order.currency
    return result


def _done_event(result: dict[str, Any], refnum: str) -> Event | None:
    """An info event saying how unshipped units were removed and what money went back."""
    units = int(result.get("removed_units") or 0)
    if not units:
        return None
    currency = result.get("currency") or ""
    if result.get("how") == "refund":
        text = (
            f"Removed {units} unshipped unit(s) with a refund and returned {result.get('refunded')} "
            f"{currency} the customer had paid for them; the order is closed"
        )
    else:
        text = (
            f"Removed {units} unshipped unit(s) with an order edit; nothing had been captured for them, "
            "so no refund was needed; the order is closed"
        )
    return info_event(EventCode.UNSHIPPED_REMOVED, text, Association.order_refnum(refnum))


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
    events = outcome_events(outcome, "Completion", Association.order_refnum(refnum))
    done = _done_event(outcome.result, refnum) if outcome.status == "done" and not outcome.repeat else None
    return OrderCompleteResponse(status=status, events=[*events, *([done] if done else [])])
