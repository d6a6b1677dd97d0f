"""Request models of the eleven RetailOps v1 actions and the `REQUEST_MODELS` registry the app
uses to validate a body after JSON parsing (`json.loads(..., parse_float=Decimal)`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, Field

from connector.retailops.base import RequestModel
from connector.retailops.envelope import RequestEnvelope
from connector.retailops.scalars import (
    MAX_ACKNOWLEDGED_ORDERS,
    MAX_INVENTORY_UPDATES,
    MAX_SPECIFIC_ORDERS,
    Int,
    Items,
    Quantity,
    Refnum,
    Sku,
    Text,
)
from connector.retailops.writeback import (
    OrderItem,
    Payment,
    ReturnInfo,
    Shipment,
    UpdatedOrderItem,
    WritebackOrder,
)

__all__ = [
    "REQUEST_MODELS",
    "AcknowledgedOrder",
    "CatalogGetConfigRequest",
    "CatalogPushRequest",
    "InventoryPushRequest",
    "InventoryUpdate",
    "OrderAcknowledgeRequest",
    "OrderCancelRequest",
    "OrderCompleteRequest",
    "OrderPullRequest",
    "OrderRef",
    "OrderReturnedRequest",
    "OrderSettlePaymentRequest",
    "OrderShipmentSubmitRequest",
    "OrderUpdateRequest",
    "QuantityDetail",
    "SpecificOrder",
]


class CatalogGetConfigRequest(RequestEnvelope):
    """catalog_get_config: the envelope only."""


class CatalogPushRequest(RequestEnvelope):
    """catalog_push: the merchant's feed-template output, whose shape the connector defines.

    The hyper-schema names the field `TemplateOutput`; the official example and swagger.json send
    `template_output`. Both are accepted into `template_output` (snake case wins if both occur).
    The dict is kept as parsed (Decimals included) for the connector's own template schema.
    """

    template_output: dict[str, Any] | None = Field(
        default=None, validation_alias=AliasChoices("template_output", "TemplateOutput")
    )


class QuantityDetail(RequestModel):
    """`inventory_updates[].quantity_detail[]`: where the available quantity sits.

    `estimated_availability_date` stays text: the schema gives no format and the official
    example sends the placeholder "string".
    """

    quantity_type: Literal["internal", "external", "inflight"] | None = None
    estimated_availability_date: Text | None = None
    available_quantity: Quantity | None = None
    total_quantity: Quantity | None = None
    vendor_name: Text | None = None
    po: Text | None = None
    po_destination: Text | None = None
    facility_name: Text | None = None


class InventoryUpdate(RequestModel):
    """`inventory_updates[]`: the quantity RetailOps wants the channel to show for one SKU."""

    sku: Sku | None = None
    quantity_available: Quantity | None = None
    quantity_detail: Items[QuantityDetail] | None = None


class InventoryPushRequest(RequestEnvelope):
    """inventory_push: new available quantities per SKU."""

    inventory_updates: list[InventoryUpdate] | None = Field(default=None, max_length=MAX_INVENTORY_UPDATES)


class SpecificOrder(RequestModel):
    """`specific_orders[]`: an order RetailOps asks to re-fetch by channel refnum."""

    channel_refnum: Refnum | None = None


class OrderPullRequest(RequestEnvelope):
    """order_pull: `page_token` is "" on the first call; `specific_orders` overrides paging."""

    page_token: Text | None = None
    specific_orders: list[SpecificOrder] | None = Field(default=None, max_length=MAX_SPECIFIC_ORDERS)


class AcknowledgedOrder(RequestModel):
    """`orders[]` of order_acknowledge: a pulled order RetailOps has now imported."""

    channel_order_refnum: Refnum | None = None
    retailops_order_id: Int | None = None


class OrderAcknowledgeRequest(RequestEnvelope):
    """order_acknowledge: orders to mark imported (only now are they out of the pull queue)."""

    orders: list[AcknowledgedOrder] | None = Field(default=None, max_length=MAX_ACKNOWLEDGED_ORDERS)


class OrderRef(RequestModel):
    """order_cancel `order`: which order to cancel."""

    retailops_order_id: Int | None = None
    channel_order_refnum: Refnum | None = None


class OrderCancelRequest(RequestEnvelope):
    """order_cancel: cancel one order in the channel."""

    order: OrderRef


class OrderCompleteRequest(RequestEnvelope):
    """order_complete: RetailOps finished the order (all shipments, unshipped leftovers)."""

    order: WritebackOrder[OrderItem]


class OrderShipmentSubmitRequest(RequestEnvelope):
    """order_shipment_submit: one shipment with packages, tracking and shipped lines."""

    channel_order_refnum: Refnum | None = None
    retailops_order_id: Int | None = None
    shipment: Shipment | None = None


class OrderSettlePaymentRequest(RequestEnvelope):
    """order_settle_payment: capture or record payment for the order."""

    order: WritebackOrder[OrderItem] | None = None
    payment: Payment | None = None


class OrderReturnedRequest(RequestEnvelope):
    """order_returned: a return RetailOps processed; answer may name store credit issued."""

    order: WritebackOrder[OrderItem] | None = None
    return_: ReturnInfo | None = Field(default=None, alias="return")


class OrderUpdateRequest(RequestEnvelope):
    """order_update: changed order lines (`removed` is a real boolean here) and RMAs."""

    rmas: Items[ReturnInfo] | None = None
    order: WritebackOrder[UpdatedOrderItem] | None = None


REQUEST_MODELS: dict[str, type[RequestEnvelope]] = {
    "catalog_get_config": CatalogGetConfigRequest,
    "catalog_push": CatalogPushRequest,
    "inventory_push": InventoryPushRequest,
    "order_pull": OrderPullRequest,
    "order_acknowledge": OrderAcknowledgeRequest,
    "order_update": OrderUpdateRequest,
    "order_cancel": OrderCancelRequest,
    "order_shipment_submit": OrderShipmentSubmitRequest,
    "order_complete": OrderCompleteRequest,
    "order_settle_payment": OrderSettlePaymentRequest,
    "order_returned": OrderReturnedRequest,
}
