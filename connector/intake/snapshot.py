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
    return Snapshot(order.id, dumps(mapped.to_json_dict()).decode("utf-8"), None, order.updated_at)
