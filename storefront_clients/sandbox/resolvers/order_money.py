"""Resolvers of payment-side order parts: transactions, refunds, fulfilment orders, fulfilments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from .. import order_math as om
from ..connections import page
from ..order_models import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
    Refund,
    RefundLine,
    Transaction,
)
from ..registry import field
from .common import store_of
from .order_parts import owner
from .orders import money_bag


@field("OrderTransaction", "amountSet")
def txn_amount(t: Transaction, info: GraphQLResolveInfo) -> dict[str, Any]:
    """Transaction amount."""
    return money_bag(owner(info, "OrderTransaction", t.id), t.amount)


@field("OrderTransaction", "totalUnsettledSet")
def txn_unsettled(t: Transaction, info: GraphQLResolveInfo) -> dict[str, Any] | None:
    """What is still capturable on an authorization."""
    order = owner(info, "OrderTransaction", t.id)
    return money_bag(order, om.unsettled(order, t)) if t.kind == "AUTHORIZATION" else None


@field("OrderTransaction", "parentTransaction")
def txn_parent(t: Transaction, info: GraphQLResolveInfo) -> Transaction | None:
    """The authorization a capture/void/refund refers to."""
    order = owner(info, "OrderTransaction", t.id)
    return next((p for p in order.transactions if p.id == t.parent_id), None)


@field("OrderTransaction", "paymentDetails")
def txn_details(t: Transaction, _info: GraphQLResolveInfo) -> dict[str, Any] | None:
    """Card details for card gateways."""
    if t.card_company is None:
        return None
    return {"__typename": "CardPaymentDetails", "company": t.card_company, "number": "•••• •••• •••• 4242",
            "name": "Ada Lovelace", "bin": "424242", "paymentMethodName": "card", "wallet": None}  # fmt: skip


@field("OrderTransaction", "order")
def txn_order(t: Transaction, info: GraphQLResolveInfo) -> Any:
    """The owning order."""
    return owner(info, "OrderTransaction", t.id)


@field("OrderTransaction", "processedAt")
def txn_processed(t: Transaction, _info: GraphQLResolveInfo) -> Any:
    """Processing time."""
    return t.created_at


@field("OrderTransaction", "formattedGateway")
def txn_gateway_label(t: Transaction, _info: GraphQLResolveInfo) -> str:
    """Human gateway name."""
    return t.gateway.replace("_", " ").title()


@field("OrderTransaction", "fees")
def txn_fees(_t: Transaction, _info: GraphQLResolveInfo) -> list[Any]:
    """No fees in the sandbox."""
    return []


@field("OrderTransaction", "manuallyCapturable", "multiCapturable")
def txn_capturable(t: Transaction, info: GraphQLResolveInfo) -> bool:
    """Authorizations with money left can be captured (several times)."""
    return t.kind == "AUTHORIZATION" and om.unsettled(owner(info, "OrderTransaction", t.id), t) > 0


@field("OrderTransaction", "maximumRefundableV2")
def txn_max_refund(t: Transaction, info: GraphQLResolveInfo) -> dict[str, Any] | None:
    """What can still be refunded against a sale or capture."""
    order = owner(info, "OrderTransaction", t.id)
    if t.kind not in ("SALE", "CAPTURE") or t.status != "SUCCESS":
        return None
    back = sum((c.amount for c in order.transactions if c.parent_id == t.id and c.kind == "REFUND" and c.status == "SUCCESS"), Decimal(0))
    return {"amount": t.amount - back, "currencyCode": order.presentment_currency}


# --- Fulfilment orders and fulfilments -----------------------------------------------------


@field("FulfillmentOrder", "assignedLocation")
def fo_location(fo: FulfillmentOrder, info: GraphQLResolveInfo) -> dict[str, Any]:
    """Where the fulfilment order is assigned."""
    loc = store_of(info).locations[fo.location_id]
    return {"name": loc.name, "location": loc, "countryCode": loc.country_code, "city": loc.city,
            "address1": loc.address1, "zip": loc.zip, "province": loc.province_code}  # fmt: skip


@field("FulfillmentOrder", "lineItems")
def fo_lines(fo: FulfillmentOrder, _info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """Fulfilment order lines."""
    return page(fo.lines, args, lambda fol: fol.id)


@field("FulfillmentOrder", "order")
def fo_order(fo: FulfillmentOrder, info: GraphQLResolveInfo) -> Any:
    """The owning order."""
    return owner(info, "FulfillmentOrder", fo.id)


@field("FulfillmentOrder", "orderId")
def fo_order_id(fo: FulfillmentOrder, info: GraphQLResolveInfo) -> str:
    """The owning order's gid."""
    return f"gid://shopify/Order/{owner(info, 'FulfillmentOrder', fo.id).id}"


@field("FulfillmentOrder", "orderName")
def fo_order_name(fo: FulfillmentOrder, info: GraphQLResolveInfo) -> str:
    """The owning order's name."""
    return owner(info, "FulfillmentOrder", fo.id).name


@field("FulfillmentOrder", "orderProcessedAt")
def fo_processed(fo: FulfillmentOrder, info: GraphQLResolveInfo) -> Any:
    """The owning order's processing time."""
    return owner(info, "FulfillmentOrder", fo.id).processed_at


@field("FulfillmentOrder", "requestStatus")
def fo_request_status(_fo: FulfillmentOrder, _info: GraphQLResolveInfo) -> str:
    """Merchant-managed locations never send fulfilment requests."""
    return "UNSUBMITTED"


@field("FulfillmentOrder", "supportedActions")
def fo_actions(fo: FulfillmentOrder, _info: GraphQLResolveInfo) -> list[dict[str, str]]:
    """Actions available in the current status."""
    if fo.status in ("OPEN", "IN_PROGRESS"):
        return [{"action": "CREATE_FULFILLMENT"}, {"action": "MOVE"}, {"action": "HOLD"}]
    return []


@field("FulfillmentOrder", "fulfillmentHolds")
def fo_holds(_fo: FulfillmentOrder, _info: GraphQLResolveInfo) -> list[Any]:
    """Holds are not modelled."""
    return []


@field("FulfillmentOrderLineItem", "lineItem")
def fol_line(fol: FulfillmentOrderLine, info: GraphQLResolveInfo) -> Any:
    """The order line behind a fulfilment order line."""
    order = owner(info, "FulfillmentOrderLineItem", fol.id)
    return order.line(fol.line_item_id)


@field("FulfillmentOrderLineItem", "sku", "productTitle", "variantTitle", "requiresShipping")
def fol_line_attr(fol: FulfillmentOrderLine, info: GraphQLResolveInfo) -> Any:
    """Attributes copied from the order line."""
    line = fol_line(fol, info)
    return {"sku": line.sku, "productTitle": line.title, "variantTitle": line.variant_title,
            "requiresShipping": line.requires_shipping}[info.field_name]  # fmt: skip


@field("FulfillmentOrderLineItem", "warnings", "financialSummaries")
def fol_empty(_fol: FulfillmentOrderLine, _info: GraphQLResolveInfo) -> list[Any]:
    """Not modelled."""
    return []


@field("Fulfillment", "trackingInfo")
def tracking_info(f: Fulfillment, _info: GraphQLResolveInfo, first: int | None = None) -> list[Any]:
    """Tracking numbers."""
    return f.tracking[:first]


@field("Fulfillment", "fulfillmentLineItems")
def fulfillment_lines(f: Fulfillment, _info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """Shipped lines."""
    return page(f.lines, args, lambda fl: fl.id)


@field("Fulfillment", "displayStatus")
def fulfillment_display(f: Fulfillment, _info: GraphQLResolveInfo) -> str:
    """FULFILLED or CANCELED."""
    return "FULFILLED" if f.status == "SUCCESS" else "CANCELED"


@field("Fulfillment", "location")
def fulfillment_location(f: Fulfillment, info: GraphQLResolveInfo) -> Any:
    """Where it shipped from."""
    return store_of(info).locations.get(f.location_id)


@field("Fulfillment", "order")
def fulfillment_order_of(f: Fulfillment, info: GraphQLResolveInfo) -> Any:
    """The owning order."""
    return owner(info, "Fulfillment", f.id)


@field("Fulfillment", "totalQuantity")
def fulfillment_quantity(f: Fulfillment, _info: GraphQLResolveInfo) -> int:
    """Units shipped."""
    return sum(fl.quantity for fl in f.lines)


@field("Fulfillment", "requiresShipping")
def fulfillment_requires_shipping(_f: Fulfillment, _info: GraphQLResolveInfo) -> bool:
    """Sandbox fulfilments are physical."""
    return True


@field("FulfillmentLineItem", "lineItem")
def fl_line(fl: FulfillmentLine, info: GraphQLResolveInfo) -> Any:
    """The order line shipped."""
    order = next(o for o in store_of(info).orders.values() for f in o.fulfillments if fl in f.lines)
    return order.line(fl.line_item_id)


# --- Refunds --------------------------------------------------------------------------------


@field("Refund", "totalRefundedSet")
def refund_total(r: Refund, info: GraphQLResolveInfo) -> dict[str, Any]:
    """Money returned by this refund's transactions."""
    order = owner(info, "Refund", r.id)
    amount = sum((t.amount for t in order.transactions if t.id in r.transaction_ids and t.status == "SUCCESS"), Decimal(0))
    return money_bag(order, amount)


@field("Refund", "refundLineItems")
def refund_lines(r: Refund, _info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """Refunded lines."""
    return page(r.lines, args, lambda rl: rl.id)


@field("Refund", "transactions")
def refund_transactions(r: Refund, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """Refund transactions."""
    order = owner(info, "Refund", r.id)
    return page([t for t in order.transactions if t.id in r.transaction_ids], args, lambda t: t.id)


@field("Refund", "order")
def refund_order(r: Refund, info: GraphQLResolveInfo) -> Any:
    """The owning order."""
    return owner(info, "Refund", r.id)


@field("Refund", "processedAt", "updatedAt")
def refund_time(r: Refund, _info: GraphQLResolveInfo) -> Any:
    """When the refund happened."""
    return r.created_at


@field("RefundLineItem", "lineItem")
def refund_line_item(rl: RefundLine, info: GraphQLResolveInfo) -> Any:
    """The refunded order line."""
    return owner(info, "RefundLineItem", rl.id).line(rl.line_item_id)


@field("RefundLineItem", "subtotalSet", "priceSet", "totalTaxSet")
def refund_line_money(rl: RefundLine, info: GraphQLResolveInfo) -> dict[str, Any]:
    """Refunded subtotal, unit price or tax."""
    order = owner(info, "RefundLineItem", rl.id)
    line = order.line(rl.line_item_id)
    amount = {"subtotalSet": rl.subtotal, "totalTaxSet": rl.total_tax,
              "priceSet": line.unit_price if line else Decimal(0)}[info.field_name]  # fmt: skip
    return money_bag(order, amount)


@field("RefundLineItem", "location")
def refund_line_location(rl: RefundLine, info: GraphQLResolveInfo) -> Any:
    """Where stock went back."""
    return store_of(info).locations.get(rl.location_id) if rl.location_id else None


@field("RefundLineItem", "restocked")
def refund_line_restocked(rl: RefundLine, _info: GraphQLResolveInfo) -> bool:
    """Whether stock went back."""
    return rl.restock_type in ("RETURN", "CANCEL")
