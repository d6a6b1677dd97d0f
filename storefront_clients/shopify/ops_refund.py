"""Refunds: `refundCreate` with `@idempotent(key:)`, money allocated via `order.suggestedRefund`.

Called by ``ShopifyClient.refund``. To the original payment: Shopify's suggested refund gives
the refundable parent transactions (gateway, maximum refundable); the amount asked for (or the
suggested amount when none is given) is allocated over them in order. As store credit:
``refundMethods: [{storeCreditRefund: {amount: {amount, currencyCode}}}]`` and no transactions.
The key makes a resend answer the first refund, so the transport retries it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storefront_clients.base import Money, RefundRequest, RefundResult
from storefront_clients.errors import NotFoundError, PermanentStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.parse import Json, gid, money, obj, text
from storefront_clients.shopify.transport import Transport

ZERO = Decimal("0")
REFUNDS_PAGE = 100


def refund_line_items(request: RefundRequest) -> list[dict[str, Any]]:
    """The `RefundLineItemInput` list of a request."""
    return [
        {
            "lineItemId": gid("LineItem", line.line_item_id),
            "quantity": line.quantity,
            "restockType": line.restock_type.value,
            **({"locationId": gid("Location", line.location_id)} if line.location_id else {}),
        }
        for line in request.lines
    ]


def allocate(
    suggested: list[Json], amount: Decimal | None, order_id: str, currency: str
) -> list[dict[str, Any]]:
    """`OrderTransactionInput`s refunding `amount` (or the suggestion) over parent transactions."""
    transactions: list[dict[str, Any]] = []
    remaining = amount
    for item in suggested:
        parent = obj(item.get("parentTransaction")).get("id")
        proposed = money(item.get("amountSet"))
        ceiling = money(item.get("maximumRefundableSet")) or proposed
        if not parent or proposed is None:
            continue
        if remaining is None:
            share = proposed.amount
        else:
            limit = ceiling.amount if ceiling is not None else proposed.amount
            share = min(remaining, limit)
            remaining -= share
        if share > ZERO:
            transactions.append(
                {
                    "orderId": order_id,
                    "parentId": str(parent),
                    "gateway": str(item.get("gateway") or ""),
                    "kind": "REFUND",
                    "amount": format(share, "f"),
                }
            )
        if remaining is not None and remaining <= ZERO:
            break
    if remaining is not None and remaining > ZERO:
        raise PermanentStorefrontError(
            f"refund of {amount} {currency} exceeds what the order's payments can refund"
        )
    return transactions


async def _suggestion(transport: Transport, request: RefundRequest) -> Json:
    variables: dict[str, Any] = {
        "id": gid("Order", request.order_id),
        "refundLineItems": refund_line_items(request),
        "shippingAmount": (
            format(request.shipping_amount, "f") if request.shipping_amount is not None else None
        ),
        "refundShipping": None,
    }
    data = await transport.execute(
        documents.SUGGESTED_REFUND, variables, operation="SuggestedRefund", idempotent=True
    )
    order = data.get("order")
    if not isinstance(order, dict):
        raise NotFoundError(f"Shopify order {request.order_id} does not exist")
    return order


async def plan(transport: Transport, request: RefundRequest) -> dict[str, Any]:
    """The exact `RefundInput` for a request, money allocated from Shopify's suggested refund now.

    Callers keep it and resend exactly it: after a refund applied without an answer the suggestion
    changes, and a rebuilt input under the same key is refused (IDEMPOTENCY_KEY_PARAMETER_MISMATCH).
    """
    order_id = gid("Order", request.order_id)
    order = await _suggestion(transport, request)
    currency = request.currency or str(
        order.get("presentmentCurrencyCode") or order.get("currencyCode") or ""
    )
    suggested = obj(order.get("suggestedRefund"))
    refund_input: dict[str, Any] = {
        "orderId": order_id,
        "currency": currency,
        "notify": request.notify_customer,
        "refundLineItems": refund_line_items(request),
    }
    if request.note:
        refund_input["note"] = request.note
    if request.shipping_amount is not None:
        refund_input["shipping"] = {"amount": format(request.shipping_amount, "f")}
    if request.to_store_credit:
        total = request.amount
        if total is None:
            suggested_total = money(suggested.get("amountSet"))
            total = suggested_total.amount if suggested_total else ZERO
        if total > ZERO:
            refund_input["refundMethods"] = [
                {"storeCreditRefund": {"amount": {"amount": format(total, "f"), "currencyCode": currency}}}
            ]
    else:
        items = [obj(t) for t in suggested.get("suggestedTransactions") or ()]
        refund_input["transactions"] = allocate(items, request.amount, order_id, currency)
    return refund_input


def _store_credit(refund_input: dict[str, Any]) -> Money | None:
    """The store credit a planned input issues, if any."""
    for method in refund_input.get("refundMethods") or ():
        amount = obj(obj(method).get("storeCreditRefund")).get("amount")
        if isinstance(amount, dict) and amount.get("amount") is not None:
            return Money(Decimal(str(amount["amount"])), str(amount.get("currencyCode") or ""))
    return None


async def refund(
    transport: Transport,
    request: RefundRequest,
    idempotency_key: str,
    planned: dict[str, Any] | None = None,
) -> RefundResult:
    """Create the refund from `planned` (or a fresh plan); a resend with the same key answers the first."""
    if not idempotency_key:
        raise PermanentStorefrontError("refundCreate needs an idempotency key")
    refund_input = planned if planned is not None else await plan(transport, request)
    order_id = str(refund_input.get("orderId") or gid("Order", request.order_id))
    currency = str(refund_input.get("currency") or request.currency or "")
    payload = await transport.mutate(
        documents.REFUND_CREATE,
        {"input": refund_input, "key": idempotency_key},
        operation="RefundCreate",
        root="refundCreate",
        idempotent=True,
    )
    created = obj(payload.get("refund"))
    if not created.get("id"):
        raise PermanentStorefrontError(f"Shopify refundCreate returned no refund for {order_id}")
    total_refunded = money(created.get("totalRefundedSet")) or Money(ZERO, currency)
    store_credit = _store_credit(refund_input)
    if request.to_store_credit and store_credit is None:
        store_credit = Money(ZERO, currency)
    return RefundResult(
        id=str(created["id"]), total=total_refunded, store_credit=store_credit, note=request.note
    )


async def order_refunds(transport: Transport, order_id: str) -> tuple[RefundResult, ...]:
    """The refunds on an order (id, note, total)."""
    data = await transport.execute(
        documents.ORDER_REFUNDS,
        {"id": gid("Order", order_id), "first": REFUNDS_PAGE},
        operation="OrderRefunds",
        idempotent=True,
    )
    order = data.get("order")
    if not isinstance(order, dict):
        raise NotFoundError(f"Shopify order {order_id} does not exist")
    found = []
    for node in order.get("refunds") or ():
        item = obj(node)
        if not item.get("id"):
            continue
        total = money(item.get("totalRefundedSet")) or Money(ZERO, "")
        found.append(RefundResult(id=str(item["id"]), total=total, note=text(item.get("note"))))
    return tuple(found)
