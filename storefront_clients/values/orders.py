"""Order value types of the storefront protocol (read side)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from storefront_clients.values.catalog import Money

# --- orders ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address as the store holds it."""

    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    province_code: str | None = None
    province: str | None = None
    country_code: str | None = None
    zip: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One line item of an order; money in the order's presentment currency."""

    id: str
    title: str
    quantity: int
    current_quantity: int
    unfulfilled_quantity: int
    unit_price: Money
    total_discount: Money
    total_tax: Money
    sku: str | None = None
    variant_id: str | None = None
    variant_title: str | None = None
    requires_shipping: bool = True
    is_gift_card: bool = False
    tax_rate: Decimal | None = None
    options: tuple[tuple[str, str], ...] = ()
    custom_attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ShippingLine:
    """A shipping charge on an order."""

    title: str
    price: Money
    tax: Money
    discount: Money
    code: str | None = None


class TransactionKind(StrEnum):
    """Kinds of payment transaction."""

    AUTHORIZATION = "AUTHORIZATION"
    SALE = "SALE"
    CAPTURE = "CAPTURE"
    REFUND = "REFUND"
    VOID = "VOID"
    CHANGE = "CHANGE"
    EMV_AUTHORIZATION = "EMV_AUTHORIZATION"
    SUGGESTED_REFUND = "SUGGESTED_REFUND"


@dataclass(frozen=True, slots=True)
class Transaction:
    """A payment transaction on an order."""

    id: str
    kind: TransactionKind
    status: str
    gateway: str
    amount: Money
    parent_id: str | None = None
    card_company: str | None = None
    manual_gateway: bool = False
    created_at: datetime | None = None
    # Remaining amount of an authorization that can still be captured (None: not applicable).
    capturable: Money | None = None
    # Can be captured several times (Shopify Plus + Shopify Payments only); else one capture consumes it.
    multi_capturable: bool = False


@dataclass(frozen=True, slots=True)
class Tracking:
    """Carrier tracking for a fulfillment."""

    number: str
    company: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FulfillmentLine:
    """A quantity of one line item inside a fulfillment."""

    line_item_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class Fulfillment:
    """A shipment recorded in the store."""

    id: str
    status: str
    tracking: tuple[Tracking, ...] = ()
    lines: tuple[FulfillmentLine, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreOrder:
    """An order as the store holds it now."""

    id: str
    name: str
    created_at: datetime
    updated_at: datetime
    currency: str
    shop_currency: str
    lines: tuple[OrderLine, ...]
    financial_status: str | None = None
    fulfillment_status: str | None = None
    cancelled_at: datetime | None = None
    closed: bool = False
    email: str | None = None
    phone: str | None = None
    customer_name: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    shipping_lines: tuple[ShippingLine, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    fulfillments: tuple[Fulfillment, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None
    custom_attributes: tuple[tuple[str, str], ...] = ()
    client_ip: str | None = None
    legacy_id: str | None = None
    total_price: Money | None = None
    total_tax: Money | None = None
    total_discounts: Money | None = None
    total_shipping: Money | None = None
    total_outstanding: Money | None = None


@dataclass(frozen=True, slots=True)
class AppliedState:
    """What reconciliation checks of an order: its cancellation, and each fulfilment's tracking."""

    id: str
    cancelled_at: datetime | None
    # (fulfillment id, its tracking), oldest first, every fulfilment of the order.
    fulfillments: tuple[tuple[str, tuple[Tracking, ...]], ...]


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """Which orders to list; every filter is optional and they combine with AND."""

    updated_since: datetime | None = None
    created_since: datetime | None = None
    open_only: bool = True
    financial_statuses: tuple[str, ...] = ()
    fulfillment_statuses: tuple[str, ...] = ()
    with_tag: str | None = None
    without_tag: str | None = None
    include_cancelled: bool = False
    cancelled_only: bool = False
    # Order by last update instead of creation (scans that advance a cursor on updated_at).
    by_update: bool = False


@dataclass(frozen=True, slots=True)
class OrderPage:
    """One page of orders, oldest first, and the cursor of the next page (None at the end)."""

    orders: tuple[StoreOrder, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What decides whether an order is ready to offer (read cheaply, many orders per query)."""

    id: str
    legacy_id: str | None
    name: str
    created_at: datetime
    updated_at: datetime
    financial_status: str | None
    cancelled_at: datetime | None
    closed: bool
    tags: tuple[str, ...] = ()
    # Reasons of fulfillment orders ON_HOLD (empty: none held).
    holds: tuple[str, ...] = ()
    # True when a fulfillment order is SCHEDULED; `scheduled_until` is its latest fulfillAt.
    scheduled: bool = False
    scheduled_until: datetime | None = None
    # Highest risk assessment level (NONE, LOW, MEDIUM, HIGH), or PENDING while one is pending.
    risk_level: str = "NONE"


@dataclass(frozen=True, slots=True)
class OrderFactsPage:
    """One page of order facts, least recently updated first, and the next cursor (None at the end)."""

    orders: tuple[OrderFacts, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class WebhookSubscription:
    """One webhook subscription of the app: its topic (enum form, e.g. ORDERS_CREATE) and its uri."""

    id: str
    topic: str
    uri: str


@dataclass(frozen=True, slots=True)
class BulkStatus:
    """One reading of a bulk query operation (Shopify's BulkOperation fields the connector uses)."""

    id: str
    # CREATED, RUNNING, CANCELING while it runs; COMPLETED, FAILED, CANCELED, EXPIRED once ended.
    status: str
    url: str | None = None
    partial_url: str | None = None
    error_code: str | None = None
    object_count: int = 0

    @property
    def finished(self) -> bool:
        """True once the operation ended (successfully or not)."""
        return self.status in ("COMPLETED", "FAILED", "CANCELED", "EXPIRED")


@dataclass(frozen=True, slots=True)
class ExportedOrder:
    """One order of a bulk export: its readiness facts and the order as the mapping reads it."""

    facts: OrderFacts
    order: StoreOrder


@dataclass(frozen=True, slots=True)
class OrderExportBatch:
    """Consecutive orders of a bulk export file, reassembled from its JSONL rows.

    `incomplete` names orders of earlier batches that rows further down the file still belonged
    to (Shopify does not promise a child row right after its parent): read them again by id.
    """

    orders: tuple[ExportedOrder, ...]
    incomplete: tuple[str, ...] = ()
