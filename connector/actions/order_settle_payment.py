"""order_settle_payment: capture authorized amounts, or mark paid for manual gateways; idempotent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.intents import execute, performer, remember
from connector.retailops import Association, Event, EventCode, OrderSettlePaymentRequest, warning_event
from connector.retailops.responses import OrderSettlePaymentResponse
from connector.services import Services
from storefront_clients.base import Money, StoreOrder, Transaction, TransactionKind
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


def _consumed(order: StoreOrder) -> list[Transaction]:
    """Single-capture authorizations a capture used up (Shopify released what it left)."""
    captured_from = {t.parent_id for t in order.transactions if t.kind == TransactionKind.CAPTURE}
    return [
        t
        for t in order.transactions
        if t.kind == TransactionKind.AUTHORIZATION and not t.multi_capturable and t.id in captured_from
    ]


def _refuse(code: str, message: str) -> PermanentStorefrontError:
    return PermanentStorefrontError("payment not collected", (UserError(message, code),))


@performer("settle_payment")
async def settle(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """Capture the requested amount from open authorizations; never answer success for money not taken.

    A single-capture authorization (anything but Shopify Plus on Shopify Payments) is consumed by
    its first capture, partial or not: Shopify releases the rest ("finalCapture has no effect on
    authorizations which aren't multi-capturable"). So an amount is captured from one in one go,
    what it leaves is reported, and a later settle that finds nothing capturable is an error.
    """
    order_id = payload["order_id"]
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        raise PermanentStorefrontError("order not found", (UserError("Order does not exist", "NOT_FOUND"),))
    # Captures since the intent was recorded are ours (an earlier attempt that applied and then
    # failed to answer); only the rest is still to capture.
    already = _captured(order) - Decimal(payload.get("_captured_before", "0"))
    amount = Decimal(payload["amount"]) - max(already, Decimal(0))
    if amount <= 0:
        return {"captured": payload["amount"], "recognised_earlier_capture": True, **_released(payload)}
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
        outstanding = order.total_outstanding.amount if order.total_outstanding else Decimal(0)
        if outstanding > 0:
            consumed = _consumed(order)
            why = (
                "its authorization could be captured only once and an earlier partial capture used it "
                "up (Shopify released the rest)"
                if consumed
                else "the order has no open authorization"
            )
            raise _refuse(
                "NOTHING_TO_CAPTURE",
                f"{amount} {order.currency} was not collected: {why}; {outstanding} {order.currency} is "
                "still outstanding and must be collected another way",
            )
        return {"already_settled": order.financial_status}
    if amount > capturable:
        raise _refuse(
            "OVER_CAPTURE", f"requested {amount} {order.currency} but only {capturable} is authorized"
        )
    captured: list[str] = []
    released = Decimal(0)
    left = amount
    # Multi-capturable authorizations first: a partial capture from them loses nothing.
    for auth in sorted(auths, key=lambda t: not t.multi_capturable):
        if left <= 0 or auth.capturable is None:
            break
        take = min(left, auth.capturable.amount)
        final = take == auth.capturable.amount
        if not auth.multi_capturable and not final:
            released += auth.capturable.amount - take
        txn = await services.storefront.capture(order_id, auth.id, Money(take, order.currency), final=final)
        captured.append(txn.id)
        left -= take
    if released:
        await remember(services, payload, "_released", str(released))
    return {"captured": str(amount), "transactions": captured, **_released(payload)}


def _released(payload: dict[str, Any]) -> dict[str, Any]:
    """The authorized amount a single partial capture gave up, when one did."""
    return {"released": payload["_released"]} if payload.get("_released") else {}


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
