"""edit_order: set line quantities and add variants where the store differs from RetailOps."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import EditOrder
from connector.intents.snapshots import current_order
from connector.services import Services
from storefront_clients.base import LineEdit, OrderLine


def _carrying(lines: tuple[OrderLine, ...], variant_id: str) -> OrderLine | None:
    return next((li for li in lines if li.variant_id == variant_id and li.current_quantity), None)


async def edit(services: Services, payload: EditOrder) -> dict[str, Any]:
    """Set line quantities / add variants where the store differs from what RetailOps wants.

    Planned from the store's current lines on every attempt: orderEditCommit takes no idempotency
    key, so after a commit that applied without an answer the variant is on the order already and
    is not added again (and is sent with allowDuplicates: false, so the store refuses a double).
    """
    order_id = payload.order_id
    order = await current_order(services, order_id)
    if order is None:
        return {"missing": True}
    current = {line.id: line for line in order.lines}
    before = set(payload.lines_before if payload.lines_before is not None else current)
    edits = [
        LineEdit(quantity=qty, line_item_id=line_id)
        for line_id, qty in payload.set
        if line_id in current and current[line_id].current_quantity != qty
    ]
    present: dict[str, str] = {}
    already: list[str] = []
    for variant_id, qty in payload.add:
        line = _carrying(order.lines, variant_id)
        if line is None:
            edits.append(LineEdit(quantity=qty, variant_id=variant_id))
            continue
        present[variant_id] = line.id
        if line.id in before:
            # On the order before RetailOps asked: Shopify keeps one line per variant.
            already.append(variant_id)
    result: dict[str, Any] = {"lines": present, "already_on_order": already}
    if not edits:
        return result
    after = await services.storefront.edit_order(order_id, edits)
    for variant_id, _qty in payload.add:
        # New lines, or the line a refusal as "already on the order" inside the session left.
        line = next(
            (li for li in after.lines if li.variant_id == variant_id and li.id not in before), None
        ) or _carrying(after.lines, variant_id)
        if variant_id not in present and line is not None:
            present[variant_id] = line.id
    return result
