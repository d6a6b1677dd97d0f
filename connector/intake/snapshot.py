"""A store order's snapshot for the mirror: the mapped RetailOps order as JSON, or why it cannot be."""

from __future__ import annotations

import logging

from pydantic import ValidationError

from connector.mapping.orders import RETAILOPS_CURRENCIES, map_order
from connector.repo.mirror import Snapshot
from connector.retailops.base import dumps
from connector.retailops.orders import Order
from storefront_clients.base import StoreOrder

log = logging.getLogger("connector.intake.snapshot")


def snapshot(order: StoreOrder, gift_message_key: str) -> Snapshot:
    """Map the order once (the order_sync job and specific_orders call this); order_pull only reads it."""
    if order.currency not in RETAILOPS_CURRENCIES:
        problem = f"Order currency {order.currency} is not one RetailOps accepts; order skipped"
        return Snapshot(order.id, None, problem, order.updated_at)
    try:
        mapped = Order.model_validate(map_order(order, gift_message_key=gift_message_key))
    except ValidationError as exc:
        log.warning("order %s could not be mapped: %s", order.name, exc)
        return Snapshot(
            order.id, None, f"Order could not be mapped: {exc.errors()[0]['msg']}", order.updated_at
        )
    payload = dumps(mapped.to_json_dict()).decode("utf-8")
    return Snapshot(order.id, payload, None, order.updated_at, unshipped(order))


def unshipped(order: StoreOrder) -> tuple[tuple[str, int], ...]:
    """(sku, unfulfilled units) of lines that ship, by SKU: the same rule as the store's order summaries."""
    units: dict[str, int] = {}
    for line in order.lines:
        if line.sku and line.unfulfilled_quantity > 0 and line.requires_shipping:
            units[line.sku] = units.get(line.sku, 0) + line.unfulfilled_quantity
    return tuple(sorted(units.items()))
