"""order_settle_payment: capture authorized amounts, or mark paid for manual gateways; idempotent."""

from __future__ import annotations

from decimal import Decimal

from connector.actions.common import outcome_events, resolve
from connector.intents.engine import execute
from connector.intents.payloads import SettlePayment
from connector.intents.performers.settle import captured
from connector.intents.snapshots import offer
from connector.retailops import Association, Event, EventCode, OrderSettlePaymentRequest, warning_event
from connector.retailops.responses import OrderSettlePaymentResponse
from connector.services import Services


async def handle(services: Services, request: OrderSettlePaymentRequest) -> OrderSettlePaymentResponse:
    """Settle the payment series once; a repeat of the same series changes nothing."""
    target = await resolve(services, request.order.channel_order_refnum if request.order else None)
    if isinstance(target, Event):
        return OrderSettlePaymentResponse(events=[target])
    refnum, order = target.refnum, target.order
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
    key = f"settle:{refnum}:{series}"
    payload = SettlePayment(order_id=order.id, amount=amount, captured_before=captured(order))
    # The order just read is the store's state until this intent writes: its first try reuses it.
    with offer(key, order):
        outcome = await execute(services, key=key, refnum=refnum, payload=payload)
    events: list[Event] = outcome_events(outcome, "Payment settlement", Association.order_refnum(refnum))
    if outcome.status == "done" and outcome.result.get("released"):
        events.append(
            warning_event(
                EventCode.PAYMENT_RELEASED,
                f"Captured {outcome.result['captured']} {order.currency} from an authorization that can "
                f"be captured only once; Shopify released the remaining {outcome.result['released']} "
                f"{order.currency}, which cannot be captured later",
                Association.order_refnum(refnum),
            )
        )
    return OrderSettlePaymentResponse(events=events)
