"""edit_order: set line quantities and add variants where the store differs from RetailOps."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import EditOrder
from connector.services import Services
from storefront_clients.base import LineEdit


async def edit(services: Services, payload: EditOrder) -> dict[str, Any]:
    """Set line quantities / add variants where the store differs from what RetailOps wants."""
    order_id = payload.order_id
    order = (await services.storefront.fetch_orders([order_id])).get(order_id)
    if order is None:
        return {"missing": True}
    current = {line.id: line for line in order.lines}
    edits = [
        LineEdit(quantity=qty, line_item_id=line_id)
        for line_id, qty in payload.set
        if line_id in current and current[line_id].current_quantity != qty
    ]
    edits += [LineEdit(quantity=qty, variant_id=variant_id) for variant_id, qty in payload.add]
    if not edits:
        return {"lines": {}}
    after = await services.storefront.edit_order(order_id, edits)
    before_ids = set(current)
    added = {
        line.variant_id: line.id for line in after.lines if line.id not in before_ids and line.variant_id
    }
    return {"lines": added}
