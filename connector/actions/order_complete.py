"""order_complete: remove what RetailOps will never ship (refunding what was paid for it), then close."""

from __future__ import annotations

from typing import Any

from connector.actions.common import outcome_events, resolve
from connector.intents.engine import execute
from connector.intents.payloads import CompleteOrder
from connector.intents.snapshots import offer
from connector.retailops import Association, Event, EventCode, OrderCompleteRequest, info_event
from connector.retailops.responses import OrderCompleteResponse
from connector.services import Services


async def handle(services: Services, request: OrderCompleteRequest) -> OrderCompleteResponse:
    """success once the order is closed in the store (or queued to be); fail if the store refuses."""
    target = await resolve(services, request.order.channel_order_refnum)
    if isinstance(target, Event):
        return OrderCompleteResponse(status="fail", events=[target])
    payload = CompleteOrder(order_id=target.order.id)
    key = f"complete:{target.refnum}"
    # The order just read is the store's state until this intent writes: its first try reuses it.
    with offer(key, target.order):
        outcome = await execute(services, key=key, refnum=target.refnum, payload=payload)
    status = "fail" if outcome.status == "failed" else "success"
    events = outcome_events(outcome, "Completion", target.assoc)
    done = (
        _done_event(outcome.result, target.refnum)
        if outcome.status == "done" and not outcome.repeat
        else None
    )
    return OrderCompleteResponse(status=status, events=[*events, *([done] if done else [])])


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
