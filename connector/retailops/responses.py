"""Response models of the eleven RetailOps v1 actions (`RESPONSE_MODELS`) and the error body the
app answers with on 400/401/413/422; built by the actions, rendered with `to_json_bytes()`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from connector.retailops.base import ResponseModel, dumps
from connector.retailops.events import Event
from connector.retailops.orders import Order
from connector.retailops.scalars import Int, Money, Text

__all__ = [
    "MAX_ORDERS_PER_PAGE",
    "RESPONSE_MODELS",
    "CatalogGetConfigResponse",
    "CatalogPushResponse",
    "ErrorResponse",
    "EventsResponse",
    "InventoryPushResponse",
    "LineItemWriteback",
    "OrderAcknowledgeResponse",
    "OrderCancelResponse",
    "OrderCompleteResponse",
    "OrderPullResponse",
    "OrderReturnedResponse",
    "OrderSettlePaymentResponse",
    "OrderShipmentSubmitResponse",
    "OrderUpdateResponse",
    "OrderValuesWriteback",
    "ReturnCredit",
]

MAX_ORDERS_PER_PAGE = 100  # schema maxItems of order_pull `orders`


class EventsResponse(ResponseModel):
    """A response carrying `events`, always written as an array (possibly empty)."""

    events: list[Event] = Field(default_factory=list)


class ErrorResponse(EventsResponse):
    """Body of a non-200 answer (bad JSON, auth, validation): only `events`."""


class CatalogGetConfigResponse(EventsResponse):
    """catalog_get_config: whether RetailOps should push every SKU of a product on any change.

    `events` is not in this action's targetSchema (which leaves other properties open); it is
    kept so problems can be reported the same way as everywhere else.
    """

    sku_fanout: Literal["related_skus", "no_fanout"]


class CatalogPushResponse(EventsResponse):
    """catalog_push: per-product/SKU problems as events."""


class InventoryPushResponse(EventsResponse):
    """inventory_push: per-SKU problems (e.g. UNKNOWN_SKU) as events."""


class OrderPullResponse(EventsResponse):
    """order_pull: up to 100 orders and the token for the next page ("" when there is none).

    `events` is not in this action's targetSchema (which leaves other properties open); it is
    kept so an order that could not be mapped can be reported rather than silently skipped.
    """

    next_page_token: Text
    orders: list[Order] = Field(default_factory=list, max_length=MAX_ORDERS_PER_PAGE)


class MirroredOrderPullResponse(OrderPullResponse):
    """order_pull from the order mirror: `stored` holds orders already written as Order JSON.

    The mirror stores each order exactly as `Order.to_json_dict()` encoded it when the order was
    synced (validated then), so a page is answered by splicing those texts, not re-parsing them.
    """

    stored: list[str] = Field(default_factory=list, max_length=MAX_ORDERS_PER_PAGE, exclude=True)

    def to_json_bytes(self) -> bytes:
        """The answer with `orders` = the models in `orders` followed by the stored texts."""
        body = self.to_json_dict()
        models = [dumps(o).decode("utf-8") for o in body.pop("orders", [])]
        head = dumps(body).decode("utf-8")
        orders = ",".join([*models, *self.stored])
        return (head[:-1] + ("," if len(head) > 2 else "") + f'"orders":[{orders}]' + "}").encode("utf-8")


class OrderAcknowledgeResponse(EventsResponse):
    """order_acknowledge: per-order problems as events."""


class OrderCancelResponse(EventsResponse):
    """order_cancel: overall outcome plus events."""

    status: Literal["success", "fail"]


class OrderCompleteResponse(EventsResponse):
    """order_complete: overall outcome plus events."""

    status: Literal["success", "fail"]


class OrderShipmentSubmitResponse(EventsResponse):
    """order_shipment_submit: per-package problems as events."""


class OrderSettlePaymentResponse(EventsResponse):
    """order_settle_payment: payment problems as events."""


class ReturnCredit(ResponseModel):
    """order_returned answer `return`: store credit the channel issued, if any."""

    channel_store_credit_amount: Money | None = None


class OrderReturnedResponse(EventsResponse):
    """order_returned: events and, when store credit was issued, its amount."""

    return_: ReturnCredit | None = Field(default=None, alias="return")


class LineItemWriteback(ResponseModel):
    """order_update answer `line_items[]`: the channel's current values for one line."""

    order_item_id: Int
    refnum: Text
    quantity: Int | None = None
    discount_amt: Money | None = None
    discount_pct: Money | None = None
    ship_amt: Money | None = None
    shiptax_amt: Money | None = None
    unit_tax: Money | None = None
    unit_tax_pct: Money | None = None


class OrderValuesWriteback(ResponseModel):
    """order_update answer `values`: the channel's current order-level totals."""

    discount_amt: Money | None = None
    discount_pct: Money | None = None
    shipping_amt: Money | None = None
    tax_amt: Money | None = None
    tax_pct: Money | None = None


class OrderUpdateResponse(EventsResponse):
    """order_update: events plus, optionally, the lines and totals as the channel now has them."""

    line_items: list[LineItemWriteback] | None = None
    values: OrderValuesWriteback | None = None


RESPONSE_MODELS: dict[str, type[EventsResponse]] = {
    "catalog_get_config": CatalogGetConfigResponse,
    "catalog_push": CatalogPushResponse,
    "inventory_push": InventoryPushResponse,
    "order_pull": OrderPullResponse,
    "order_acknowledge": OrderAcknowledgeResponse,
    "order_update": OrderUpdateResponse,
    "order_cancel": OrderCancelResponse,
    "order_shipment_submit": OrderShipmentSubmitResponse,
    "order_complete": OrderCompleteResponse,
    "order_settle_payment": OrderSettlePaymentResponse,
    "order_returned": OrderReturnedResponse,
}
