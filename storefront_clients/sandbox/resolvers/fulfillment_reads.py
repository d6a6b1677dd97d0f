"""Resolvers of fulfilment orders, their lines, and fulfilments (shipments)."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.order_models import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
)
from storefront_clients.sandbox.registry import Info, field

from .common import store_of
from .order_parts import owner


@field("FulfillmentOrder", "assignedLocation")
def fo_location(fo: FulfillmentOrder, info: Info) -> dict[str, Any]:
    """Where the fulfilment order is assigned."""
    loc = store_of(info).locations[fo.location_id]
    return {
        "name": loc.name,
        "location": loc,
        "countryCode": loc.country_code,
        "city": loc.city,
        "address1": loc.address1,
        "zip": loc.zip,
        "province": loc.province_code,
    }


@field("FulfillmentOrder", "lineItems")
def fo_lines(fo: FulfillmentOrder, _info: Info, **args: Any) -> dict[str, Any]:
    """Fulfilment order lines."""
    return page(fo.lines, args, lambda fol: fol.id)


@field("FulfillmentOrder", "order")
def fo_order(fo: FulfillmentOrder, info: Info) -> Any:
    """The owning order."""
    return owner(info, "FulfillmentOrder", fo.id)


@field("FulfillmentOrder", "orderId")
def fo_order_id(fo: FulfillmentOrder, info: Info) -> str:
    """The owning order's gid."""
    return f"gid://shopify/Order/{owner(info, 'FulfillmentOrder', fo.id).id}"


@field("FulfillmentOrder", "orderName")
def fo_order_name(fo: FulfillmentOrder, info: Info) -> str:
    """The owning order's name."""
    return owner(info, "FulfillmentOrder", fo.id).name


@field("FulfillmentOrder", "orderProcessedAt")
def fo_processed(fo: FulfillmentOrder, info: Info) -> Any:
    """The owning order's processing time."""
    return owner(info, "FulfillmentOrder", fo.id).processed_at


@field("FulfillmentOrder", "requestStatus")
def fo_request_status(_fo: FulfillmentOrder, _info: Info) -> str:
    """Merchant-managed locations never send fulfilment requests."""
    return "UNSUBMITTED"


@field("FulfillmentOrder", "supportedActions")
def fo_actions(fo: FulfillmentOrder, _info: Info) -> list[dict[str, str]]:
    """Actions available in the current status."""
    if fo.status in ("OPEN", "IN_PROGRESS"):
        return [{"action": "CREATE_FULFILLMENT"}, {"action": "MOVE"}, {"action": "HOLD"}]
    return []


@field("FulfillmentOrderLineItem", "lineItem")
def fol_line(fol: FulfillmentOrderLine, info: Info) -> Any:
    """The order line behind a fulfilment order line."""
    order = owner(info, "FulfillmentOrderLineItem", fol.id)
    return order.line(fol.line_item_id)


@field("FulfillmentOrderLineItem", "sku", "productTitle", "variantTitle", "requiresShipping")
def fol_line_attr(fol: FulfillmentOrderLine, info: Info) -> Any:
    """Attributes copied from the order line."""
    line = fol_line(fol, info)
    return {
        "sku": line.sku,
        "productTitle": line.title,
        "variantTitle": line.variant_title,
        "requiresShipping": line.requires_shipping,
    }[info.field_name]


@field("FulfillmentOrderLineItem", "warnings", "financialSummaries")
def fol_empty(_fol: FulfillmentOrderLine, _info: Info) -> list[Any]:
    """Not modelled."""
    return []


@field("Fulfillment", "trackingInfo")
def tracking_info(f: Fulfillment, _info: Info, first: int | None = None) -> list[Any]:
    """Tracking numbers."""
    return f.tracking[:first]


@field("Fulfillment", "fulfillmentLineItems")
def fulfillment_lines(f: Fulfillment, _info: Info, **args: Any) -> dict[str, Any]:
    """Shipped lines."""
    return page(f.lines, args, lambda fl: fl.id)


@field("Fulfillment", "displayStatus")
def fulfillment_display(f: Fulfillment, _info: Info) -> str:
    """FULFILLED or CANCELED."""
    return "FULFILLED" if f.status == "SUCCESS" else "CANCELED"


@field("Fulfillment", "location")
def fulfillment_location(f: Fulfillment, info: Info) -> Any:
    """Where it shipped from."""
    return store_of(info).locations.get(f.location_id)


@field("Fulfillment", "order")
def fulfillment_order_of(f: Fulfillment, info: Info) -> Any:
    """The owning order."""
    return owner(info, "Fulfillment", f.id)


@field("Fulfillment", "totalQuantity")
def fulfillment_quantity(f: Fulfillment, _info: Info) -> int:
    """Units shipped."""
    return sum(fl.quantity for fl in f.lines)


@field("Fulfillment", "requiresShipping")
def fulfillment_requires_shipping(_f: Fulfillment, _info: Info) -> bool:
    """Sandbox fulfilments are physical."""
    return True


@field("FulfillmentLineItem", "lineItem")
def fl_line(fl: FulfillmentLine, info: Info) -> Any:
    """The order line shipped."""
    order = next(o for o in store_of(info).orders.values() for f in o.fulfillments if fl in f.lines)
    return order.line(fl.line_item_id)
