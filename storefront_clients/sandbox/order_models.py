"""In-memory order records: lines, payments, fulfilment orders, fulfilments, refunds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass
class Address:
    """A postal address as Shopify's MailingAddress exposes it."""

    first_name: str
    last_name: str
    address1: str
    address2: str
    city: str
    province: str
    province_code: str
    country: str
    country_code: str
    zip: str
    phone: str | None
    company: str | None = None


@dataclass
class Customer:
    """The buyer record linked to an order."""

    id: int
    first_name: str
    last_name: str
    email: str | None
    phone: str | None


@dataclass
class TaxLine:
    """A tax on a line, in presentment currency, for the line's original quantity."""

    title: str
    rate: Decimal
    price: Decimal


@dataclass
class LineItem:
    """An order line; discount and tax are for the original quantity (prorated on reads)."""

    id: int
    variant_id: int | None
    product_id: int | None
    sku: str | None
    title: str
    variant_title: str | None
    vendor: str | None
    quantity: int
    current_quantity: int
    unit_price: Decimal
    discount: Decimal
    tax_lines: list[TaxLine]
    requires_shipping: bool
    is_gift_card: bool
    taxable: bool
    custom_attributes: list[tuple[str, str]]
    selected_options: list[tuple[str, str]]


@dataclass
class ShippingLine:
    """A shipping charge of an order."""

    id: int
    title: str
    code: str
    price: Decimal
    tax_lines: list[TaxLine]


@dataclass
class Transaction:
    """A payment transaction (AUTHORIZATION, SALE, CAPTURE, REFUND, VOID)."""

    id: int
    kind: str
    status: str
    gateway: str
    amount: Decimal
    parent_id: int | None
    card_company: str | None
    manual_payment_gateway: bool
    created_at: datetime
    test: bool = False
    # Multi-capture exists only on Shopify Plus with Shopify Payments (shopify.dev orderCapture).
    multi_capturable: bool = False


@dataclass
class FulfillmentOrderLine:
    """A line of a fulfilment order with what is left to fulfil."""

    id: int
    line_item_id: int
    total_quantity: int
    remaining_quantity: int


@dataclass
class FulfillmentHold:
    """A hold on a fulfilment order (FulfillmentHoldReason: AWAITING_PAYMENT, HIGH_RISK_OF_FRAUD, ...)."""

    id: int
    reason: str
    reason_notes: str | None
    handle: str | None = None


@dataclass
class FulfillmentOrder:
    """Work assigned to one location (OPEN, IN_PROGRESS, ON_HOLD, SCHEDULED, CLOSED, CANCELLED)."""

    id: int
    location_id: int
    status: str
    lines: list[FulfillmentOrderLine]
    created_at: datetime
    updated_at: datetime
    # Active holds (status ON_HOLD while any), see sandbox.readiness and the seeded orders.
    holds: list[FulfillmentHold] = field(default_factory=list)
    # When a SCHEDULED fulfilment order opens (FulfillmentOrder.fulfillAt).
    fulfill_at: datetime | None = None


@dataclass
class TrackingInfo:
    """Carrier tracking of a fulfilment."""

    company: str | None
    number: str | None
    url: str | None


@dataclass
class FulfillmentLine:
    """Quantity of one order line shipped in a fulfilment."""

    id: int
    line_item_id: int
    quantity: int


@dataclass
class Fulfillment:
    """A shipment made from a location."""

    id: int
    name: str
    status: str
    location_id: int
    tracking: list[TrackingInfo]
    lines: list[FulfillmentLine]
    notify_customer: bool
    created_at: datetime
    updated_at: datetime


@dataclass
class RefundLine:
    """A refunded quantity of one order line with its restock choice."""

    id: int
    line_item_id: int
    quantity: int
    restock_type: str
    location_id: int | None
    subtotal: Decimal
    total_tax: Decimal


@dataclass
class Refund:
    """A refund: lines, shipping, and the refund transactions it created."""

    id: int
    note: str | None
    lines: list[RefundLine]
    shipping: Decimal
    transaction_ids: list[int]
    store_credit: Decimal
    created_at: datetime


@dataclass
class Order:
    """An order; amounts are in presentment currency, shop money = amount x rate."""

    id: int
    number: int
    email: str | None
    phone: str | None
    customer: Customer | None
    billing_address: Address | None
    shipping_address: Address | None
    currency: str
    presentment_currency: str
    rate: Decimal
    line_items: list[LineItem]
    shipping_lines: list[ShippingLine]
    transactions: list[Transaction]
    tags: list[str]
    note: str | None
    custom_attributes: list[tuple[str, str]]
    client_ip: str | None
    created_at: datetime
    updated_at: datetime
    processed_at: datetime
    source_name: str = "web"
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    closed_at: datetime | None = None
    fulfillment_orders: list[FulfillmentOrder] = field(default_factory=list)
    fulfillments: list[Fulfillment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    test: bool = False
    # RiskAssessmentResult of each risk assessment (empty: none made), see sandbox.readiness.
    risk_levels: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Display name such as #1001."""
        return f"#{self.number}"

    @property
    def closed(self) -> bool:
        """Whether the order is archived."""
        return self.closed_at is not None

    def line(self, line_id: int) -> LineItem | None:
        """Find a line item by id."""
        return next((li for li in self.line_items if li.id == line_id), None)
