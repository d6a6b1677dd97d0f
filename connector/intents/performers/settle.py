"""settle_payment: capture up to the requested amount, or mark a manual-gateway order paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.intents.payloads import SettlePayment
from connector.services import Services
from storefront_clients.base import Money, StoreOrder, TransactionKind
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


async def settle(services: Services, payload: SettlePayment) -> dict[str, Any]:
    """Capture up to the requested amount from open authorizations; refuse an over-capture outright."""
    order_id = payload.order_id
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        raise PermanentStorefrontError("order not found", (UserError("Order does not exist", "NOT_FOUND"),))
    # Captures since the intent was recorded are ours (an earlier attempt that applied and then
    # failed to answer); only the rest is still to capture.
    already = captured(order) - payload.captured_before
    amount = payload.amount - max(already, Decimal(0))
    if amount <= 0:
        return {"captured": str(payload.amount), "recognised_earlier_capture": True}
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
    transactions: list[str] = []
    left = amount
    for auth in auths:
        if left <= 0 or auth.capturable is None:
            break
        take = min(left, auth.capturable.amount)
        txn = await services.storefront.capture(
            order_id, auth.id, Money(take, order.currency), final=take == auth.capturable.amount
        )
        transactions.append(txn.id)
        left -= take
    return {"captured": str(amount), "transactions": transactions}
