"""order_returned: refund the returned lines (to the payment or as store credit), keyed on the return id."""

from __future__ import annotations

from decimal import Decimal

from connector.actions.common import outcome_events, resolve
from connector.intents.engine import execute
from connector.intents.payloads import Refund
from connector.mapping.refs import line_gid
from connector.retailops import Association, Event, EventCode, OrderReturnedRequest, error_event
from connector.retailops.responses import OrderReturnedResponse, ReturnCredit
from connector.services import Services

_STORE_CREDIT_ACTIONS = frozenset({"credit", "store_credit", "storecredit", "store credit"})


async def handle(services: Services, request: OrderReturnedRequest) -> OrderReturnedResponse:
    """One refund per retailops_return_id; answers the store credit issued, if any."""
    target = await resolve(services, request.order.channel_order_refnum if request.order else None)
    if isinstance(target, Event):
        return OrderReturnedResponse(events=[target])
    refnum, order, ret = target.refnum, target.order, request.return_
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
    payload = Refund(
        key=key,
        order_id=order.id,
        lines=tuple(sorted(lines.items())),
        restock_type="RETURN" if services.settings.connector_return_restock else "NO_RESTOCK",
        shipping=ret.shipping_amt if ret.shipping_amt else None,
        amount=ret.refund_amt,
        currency=order.currency,
        to_store_credit=to_credit,
        note=f"RetailOps return {ret.retailops_return_id}",
    )
    outcome = await execute(services, key=key, refnum=refnum, payload=payload)
    events += outcome_events(outcome, f"Return {ret.retailops_return_id}", Association.order_refnum(refnum))
    credit = outcome.result.get("store_credit") if outcome.status == "done" else None
    return OrderReturnedResponse(
        events=events,
        return_=ReturnCredit(channel_store_credit_amount=Decimal(credit)) if credit else None,
    )
