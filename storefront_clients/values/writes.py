"""Order write requests and results of the storefront protocol."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from storefront_clients.values.catalog import Money
from storefront_clients.values.orders import Fulfillment, Tracking


@dataclass(frozen=True, slots=True)
class FulfillmentOrderLine:
    """A line of a fulfillment order and how much of it is still to ship."""

    id: str
    line_item_id: str
    remaining_quantity: int


@dataclass(frozen=True, slots=True)
class FulfillmentHold:
    """Why a fulfillment order is on hold (Shopify's FulfillmentHoldReason and the notes given)."""

    reason: str
    notes: str | None = None
    display_reason: str | None = None


@dataclass(frozen=True, slots=True)
class FulfillmentOrder:
    """A group of lines the store expects to ship from one location."""

    id: str
    status: str
    location_id: str | None
    lines: tuple[FulfillmentOrderLine, ...]
    # What the store lets this app do with it now (CREATE_FULFILLMENT, RELEASE_HOLD, ...); None: not read.
    actions: tuple[str, ...] | None = None
    holds: tuple[FulfillmentHold, ...] = ()
    fulfill_at: datetime | None = None
    location_name: str | None = None
    # The location belongs to a fulfillment service app (its orders are requested, not fulfilled).
    fulfillment_service: bool = False

    @property
    def fulfillable(self) -> bool:
        """Whether this app may create a fulfillment for it now."""
        if self.actions is not None:
            return "CREATE_FULFILLMENT" in self.actions
        return self.status in ("OPEN", "IN_PROGRESS") and not self.fulfillment_service


@dataclass(frozen=True, slots=True)
class ShippingState:
    """What shipping a package decides on: the order's line ids, fulfilments and open fulfillment orders."""

    id: str
    line_ids: tuple[str, ...]
    fulfillments: tuple[Fulfillment, ...]
    # Open, in progress, on hold and scheduled ones: those that still hold work.
    fulfillment_orders: tuple[FulfillmentOrder, ...]


@dataclass(frozen=True, slots=True)
class FulfillmentRequest:
    """Quantities to ship, grouped by fulfillment order, with tracking."""

    order_id: str
    lines: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """(fulfillment_order_id, ((fulfillment_order_line_id, quantity), ...)), ..."""
    tracking: Tracking | None = None
    notify_customer: bool = False


@dataclass(frozen=True, slots=True)
class LineEdit:
    """One change to an order's lines: set an existing line's quantity, or add a variant."""

    quantity: int
    line_item_id: str | None = None
    variant_id: str | None = None
    restock: bool = True


class CancelReason(StrEnum):
    """Why an order was cancelled (Shopify's OrderCancelReason)."""

    CUSTOMER = "CUSTOMER"
    DECLINED = "DECLINED"
    FRAUD = "FRAUD"
    INVENTORY = "INVENTORY"
    STAFF = "STAFF"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class CancelOptions:
    """How to cancel an order."""

    reason: CancelReason = CancelReason.OTHER
    restock: bool = True
    refund: bool = True
    notify_customer: bool = False
    staff_note: str | None = None


class RestockType(StrEnum):
    """What happens to stock of a refunded line."""

    RETURN = "RETURN"
    CANCEL = "CANCEL"
    NO_RESTOCK = "NO_RESTOCK"


@dataclass(frozen=True, slots=True)
class RefundLine:
    """A quantity of one line item being refunded."""

    line_item_id: str
    quantity: int
    restock_type: RestockType = RestockType.NO_RESTOCK
    location_id: str | None = None


@dataclass(frozen=True, slots=True)
class RefundRequest:
    """A refund: lines, shipping, and the amount to give back, to the payment or as store credit."""

    order_id: str
    lines: tuple[RefundLine, ...] = ()
    shipping_amount: Decimal | None = None
    # Total to return; None lets the storefront compute it from the lines and shipping.
    amount: Decimal | None = None
    currency: str | None = None
    to_store_credit: bool = False
    note: str | None = None
    notify_customer: bool = False


@dataclass(frozen=True, slots=True)
class RefundResult:
    """A refund as recorded in the store."""

    id: str
    total: Money
    store_credit: Money | None = None
    note: str | None = None
