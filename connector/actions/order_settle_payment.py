"""order_settle_payment: capture authorized amounts, or mark paid for manual gateways; idempotent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents import execute, performer
from connector.retailops import Association, Event, OrderSettlePaymentRequest
from connector.retailops.responses import OrderSettlePaymentResponse
from connector.services import Services
from storefront_clients.base import Money, StoreOrder, TransactionKind
from storefront_clients.errors import PermanentStorefrontError, UserError


def _captured(order: StoreOrder) -> Decimal:
    return sum(
        (
            t.amount.amount
            for t in order.transactions
            if t.kind == TransactionKind.CAPTURE and t.status.upper() == "SUCCESS"
        ),
        Decimal(0),
    )


@performer("settle_payment")
async def settle(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Capture up to the requested amount from open authorizations; refuse an over-capture outright."""
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        raise PermanentStorefrontError("order not found", (UserError("Order does not exist", "NOT_FOUND"),))
    # Captures since the intent was recorded are ours (an earlier attempt that applied and then
    # failed to answer); only the rest is still to capture.
    already = _captured(order) - Decimal(payload.get("_captured_before", "0"))
    amount = Decimal(payload["amount"]) - max(already, Decimal(0))
    if amount <= 0:
        return {"captured": payload["amount"], "recognised_earlier_capture": True}
    auths = [
        t
        for t in order.transactions
        if t.kind == TransactionKind.AUTHORIZATION
        and t.status.upper() == "SUCCESS"
        and t.capturable is not None
        and t.capturable.amount > 0
    ]
    capturable = sum((t.capturable.amount for t in auths if t.capturable), Decimal(0))
    if not auths:
        manual = not order.transactions or any(t.manual_gateway for t in order.transactions)
        if order.financial_status == "PENDING" and manual:
            await services.storefront.mark_paid(order_id)
            return {"marked_paid": True}
        return {"already_settled": order.financial_status}
    if amount > capturable:
        raise PermanentStorefrontError(
            "over-capture",
            (
                UserError(
                    f"requested {amount} {order.currency} but only {capturable} is authorized",
                    "OVER_CAPTURE",
                ),
            ),
        )
    captured: list[str] = []
    left = amount
    for auth in auths:
        if left <= 0 or auth.capturable is None:
            break
        take = min(left, auth.capturable.amount)
        txn = await services.storefront.capture(
            order_id, auth.id, Money(take, order.currency), final=take == auth.capturable.amount
        )
        captured.append(txn.id)
        left -= take
    return {"captured": str(amount), "transactions": captured}


async def handle(services: Services, request: OrderSettlePaymentRequest) -> OrderSettlePaymentResponse:
    """Settle the payment series once; a repeat of the same series changes nothing."""
    refnum = ((request.order.channel_order_refnum if request.order else None) or "").strip()
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return OrderSettlePaymentResponse(events=[unknown_order(refnum)])
    payment = request.payment
    amount = (
        sum(
            (
                t.amount or Decimal(0)
                for t in (payment.payment_transactions or [])
                if payment and t.payment_processing_type in (None, "channel_payment")
            ),
            Decimal(0),
        )
        if payment
        else Decimal(0)
    )
    if amount <= 0 and order.total_outstanding is not None:
        amount = order.total_outstanding.amount
    series = payment.payment_series_id if payment and payment.payment_series_id is not None else "all"
    outcome = await execute(
        services,
        key=f"settle:{refnum}:{series}",
        kind="settle_payment",
        refnum=refnum,
        payload={"order_id": order.id, "amount": str(amount), "_captured_before": str(_captured(order))},
    )
    events: list[Event] = outcome_events(outcome, "Payment settlement", Association.order_refnum(refnum))
    return OrderSettlePaymentResponse(events=events)
