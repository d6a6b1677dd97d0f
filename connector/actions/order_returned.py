"""order_returned: refund the returned lines (to the payment or as store credit), keyed on the return id."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connector.actions.common import find_order, outcome_events, unknown_order
from connector.actions.refunding import refund_once
from connector.intents import execute, performer
from connector.mapping.refs import line_gid
from connector.retailops import Association, Event, EventCode, OrderReturnedRequest, error_event
from connector.retailops.responses import OrderReturnedResponse, ReturnCredit
from connector.services import Services
from storefront_clients.base import RefundLine, RefundRequest, RestockType

_STORE_CREDIT_ACTIONS = frozenset({"credit", "store_credit", "storecredit", "store credit"})


@performer("refund")
async def refund(services: Services, payload: dict[str, Any]) -> dict[str, Any]:
    """refundCreate with @idempotent(key), resending the first attempt's exact input (see refunding)."""
    request = RefundRequest(
        order_id=payload["order_id"],
        lines=tuple(
            RefundLine(line_id, qty, RestockType(payload["restock_type"]))
            for line_id, qty in payload["lines"]
        ),
        shipping_amount=Decimal(payload["shipping"]) if payload.get("shipping") else None,
        amount=Decimal(payload["amount"]) if payload.get("amount") is not None else None,
        currency=payload.get("currency"),
        to_store_credit=payload["to_store_credit"],
        note=payload.get("note"),
    )
    result, found = await refund_once(services, payload, request, payload["key"])
    credit = result.store_credit
    planned = payload.get("_refund_input") or {}
    if found and payload["to_store_credit"] and planned.get("refundMethods"):
        # Recognised from the order's refunds: the credit is what the first attempt asked for.
        credit_amount = planned["refundMethods"][0]["storeCreditRefund"]["amount"]["amount"]
        return {"refund_id": result.id, "total": str(result.total.amount), "store_credit": credit_amount}
    return {
        "refund_id": result.id,
        "total": str(result.total.amount),
        "store_credit": str(credit.amount) if credit else None,
        **({"recognised_earlier_refund": True} if found else {}),
    }


async def handle(services: Services, request: OrderReturnedRequest) -> OrderReturnedResponse:
    """One refund per retailops_return_id; answers the store credit issued, if any."""
    refnum = ((request.order.channel_order_refnum if request.order else None) or "").strip()
    ret = request.return_
    order = await find_order(services, refnum) if refnum else None
    if order is None:
        return OrderReturnedResponse(events=[unknown_order(refnum)])
    if ret is None or ret.retailops_return_id is None:
        return OrderReturnedResponse(
            events=[
                error_event(
                    EventCode.INVALID_REQUEST,
                    "return.retailops_return_id is required",
                    Association.order_refnum(refnum),
                )
            ]
        )
    events: list[Event] = []
    known = {line.id for line in order.lines}
    lines: dict[str, int] = {}
    for item in ret.items or []:
        gid = line_gid(item.channel_item_refnum or "")
        if not item.channel_item_refnum or gid not in known:
            events.append(
                error_event(
                    EventCode.UNKNOWN_ORDER_ITEM,
                    f"Returned item {item.channel_item_refnum!r} is not a line of this order; not refunded",
                    Association.orderitem_refnum(item.channel_item_refnum or ""),
                )
            )
            continue
        if item.quantity and item.quantity > 0:
            lines[gid] = lines.get(gid, 0) + item.quantity
    to_credit = (ret.refund_action or "").strip().lower() in _STORE_CREDIT_ACTIONS
    key = f"return:{ret.retailops_return_id}"
    payload = {
        "key": key,
        "order_id": order.id,
        "lines": [[k, v] for k, v in sorted(lines.items())],
        "restock_type": "RETURN" if services.settings.connector_return_restock else "NO_RESTOCK",
        "shipping": str(ret.shipping_amt) if ret.shipping_amt else None,
        "amount": str(ret.refund_amt) if ret.refund_amt is not None else None,
        "currency": order.currency,
        "to_store_credit": to_credit,
        "note": f"RetailOps return {ret.retailops_return_id}",
    }
    outcome = await execute(services, key=key, kind="refund", refnum=refnum, payload=payload)
    events += outcome_events(outcome, f"Return {ret.retailops_return_id}", Association.order_refnum(refnum))
    credit = outcome.result.get("store_credit") if outcome.status == "done" else None
    return OrderReturnedResponse(
        events=events,
        return_=ReturnCredit(channel_store_credit_amount=Decimal(credit)) if credit else None,
    )
