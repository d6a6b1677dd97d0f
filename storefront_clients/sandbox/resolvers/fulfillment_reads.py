"""Resolvers of fulfilment orders, their lines, and fulfilments (shipments)."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.order_models import (
    Fulfillment,
    FulfillmentHold,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
)
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

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


def supported_actions(fo: FulfillmentOrder, store: Store) -> list[str]:
    """FulfillmentOrderAction values of a fulfilment order in its current state."""
    if fo.status == "ON_HOLD":
        # Held: RELEASE_HOLD/HOLD/MOVE only (capture shipping-fulfillments/fulfillment-order-lifecycle.json).
        return ["RELEASE_HOLD", "HOLD", "MOVE"]
    if fo.status == "SCHEDULED":
        # A scheduled order must be marked open first (FulfillmentOrderStatus.SCHEDULED, schema description).
        return ["MARK_AS_OPEN"]
    if fo.status not in ("OPEN", "IN_PROGRESS"):
        return []
    if store.locations[fo.location_id].fulfillment_service:
        # Orders at a fulfilment service's location are requested from it, not fulfilled by other apps
        # (FulfillmentOrderAction.REQUEST_FULFILLMENT, schema description).
        return ["REQUEST_FULFILLMENT", "HOLD"]
    return ["CREATE_FULFILLMENT", "REPORT_PROGRESS", "MOVE", "HOLD"]


@field("FulfillmentOrder", "supportedActions")
def fo_actions(fo: FulfillmentOrder, info: Info) -> list[dict[str, str]]:
    """Actions available in the current status."""
    return [{"action": a} for a in supported_actions(fo, store_of(info))]


@field("FulfillmentOrder", "fulfillmentHolds")
def fo_holds(fo: FulfillmentOrder, _info: Info) -> list[Any]:
    """The holds placed on the fulfilment order."""
    return list(fo.holds)


@field("FulfillmentHold", "displayReason")
def hold_display_reason(hold: FulfillmentHold, _info: Info) -> str:
    """The reason as the admin shows it ("High risk of fraud")."""
    return hold.reason.replace("_", " ").capitalize()


@field("FulfillmentHold", "heldByRequestingApp")
def hold_by_us(_hold: FulfillmentHold, _info: Info) -> bool:
    """Seeded holds are placed by the merchant or a fraud filter, never by the connector."""
    return False


@field("FulfillmentHold", "heldByApp")
def hold_by(_hold: FulfillmentHold, _info: Info) -> None:
    """Seeded holds are not placed by an app."""
    return None


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
