"""settle_payment: capture up to the requested amount, or mark a manual-gateway order paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.intents.payloads import SettlePayment
from connector.intents.snapshots import current_order, remember
from connector.services import Services
from storefront_clients.base import Money, StoreOrder, Transaction, TransactionKind
from storefront_clients.errors import PermanentStorefrontError, UserError


def captured(order: StoreOrder) -> Decimal:
    """Total of the order's successful captures (order_settle_payment snapshots it in the payload)."""
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


async def settle(services: Services, payload: SettlePayment) -> dict[str, Any]:
    """Capture the requested amount from open authorizations; never answer success for money not taken.

    A single-capture authorization (anything but Shopify Plus on Shopify Payments) is consumed by
    its first capture, partial or not: Shopify releases the rest ("finalCapture has no effect on
    authorizations which aren't multi-capturable"). So an amount is captured from one in one go,
    what it leaves is reported, and a later settle that finds nothing capturable is an error.
    """
    order_id = payload.order_id
    order = await current_order(services, order_id)
    if order is None:
        raise PermanentStorefrontError("order not found", (UserError("Order does not exist", "NOT_FOUND"),))
    # Captures since the intent was recorded are ours (an earlier attempt that applied and then
    # failed to answer); only the rest is still to capture.
    already = captured(order) - payload.captured_before
    amount = payload.amount - max(already, Decimal(0))
    if amount <= 0:
        return {
            "captured": str(payload.amount),
            "recognised_earlier_capture": True,
            **_released(payload.released),
        }
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
    transactions: list[str] = []
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
        transactions.append(txn.id)
        left -= take
    if released:
        await remember(services, "_released", str(released))
    return {"captured": str(amount), "transactions": transactions, **_released(released or None)}


def _released(released: Decimal | None) -> dict[str, Any]:
    """The authorized amount a single partial capture gave up, when one did."""
    return {"released": str(released)} if released else {}
