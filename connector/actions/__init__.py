"""One module per RetailOps action; HANDLERS maps each action name to its handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from connector.actions import (
    catalog_get_config,
    catalog_push,
    inventory_push,
    order_acknowledge,
    order_cancel,
    order_complete,
    order_pull,
    order_returned,
    order_settle_payment,
    order_shipment_submit,
    order_update,
)
from connector.retailops.responses import EventsResponse
from connector.services import Services

Handler = Callable[[Services, Any], Awaitable[EventsResponse]]

HANDLERS: dict[str, Handler] = {
    "catalog_get_config": catalog_get_config.handle,
    "catalog_push": catalog_push.handle,
    "inventory_push": inventory_push.handle,
    "order_pull": order_pull.handle,
    "order_acknowledge": order_acknowledge.handle,
    "order_update": order_update.handle,
    "order_cancel": order_cancel.handle,
    "order_shipment_submit": order_shipment_submit.handle,
    "order_complete": order_complete.handle,
    "order_settle_payment": order_settle_payment.handle,
    "order_returned": order_returned.handle,
}
