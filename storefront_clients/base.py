"""The StorefrontClient protocol and its value types: the verbs actions and jobs call, in connector terms.

Implementations (``storefront_clients.shopify``; test doubles in the test suite) translate these
into storefront API calls. Nothing here knows about HTTP or GraphQL. Identifiers are opaque
strings (Shopify GIDs for the Shopify client); money is ``Decimal`` with an ISO currency code;
datetimes are timezone-aware.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency."""

    amount: Decimal
    currency: str


# --- shop --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """A place that holds inventory."""

    id: str
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class ShopInfo:
    """What the connector needs to know about the store."""

    name: str
    currency: str
    primary_location_id: str
    locations: tuple[Location, ...] = ()


# --- catalog -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VariantRef:
    """One SKU's identity in the store: variant, its inventory item and its product."""

    sku: str
    variant_id: str
    inventory_item_id: str
    product_id: str
    tracked: bool = True


@dataclass(frozen=True, slots=True)
class ProductOption:
    """A product option and its values, in display order."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductImage:
    """An image attached to a product by URL."""

    url: str
    alt: str | None = None


@dataclass(frozen=True, slots=True)
class Metafield:
    """A typed custom field (Shopify metafield)."""

    namespace: str
    key: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class VariantInput:
    """One variant of a product upsert; the full set is sent every time."""

    sku: str
    price: Decimal
    option_values: tuple[tuple[str, str], ...] = ()
    barcode: str | None = None
    compare_at_price: Decimal | None = None
    weight: Decimal | None = None
    weight_unit: str = "KILOGRAMS"
    taxable: bool = True
    requires_shipping: bool = True
    metafields: tuple[Metafield, ...] = ()


class ProductStatus(StrEnum):
    """Publication status of a product."""

    ACTIVE = "ACTIVE"
    DRAFT = "DRAFT"
    ARCHIVED = "ARCHIVED"


@dataclass(frozen=True, slots=True)
class ProductInput:
    """A whole product as the catalog says it should be, keyed by handle."""

    handle: str
    title: str
    variants: tuple[VariantInput, ...]
    description_html: str | None = None
    vendor: str | None = None
    product_type: str | None = None
    status: ProductStatus = ProductStatus.ACTIVE
    tags: tuple[str, ...] = ()
    options: tuple[ProductOption, ...] = ()
    images: tuple[ProductImage, ...] = ()
    metafields: tuple[Metafield, ...] = ()


@dataclass(frozen=True, slots=True)
class ProductUpsertResult:
    """The product as stored after an upsert, with the identity of each variant."""

    product_id: str
    handle: str
    variants: tuple[VariantRef, ...]


# --- inventory ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InventoryQuantity:
    """An absolute available quantity for one inventory item at one location."""

    inventory_item_id: str
    location_id: str
    quantity: int
    # None skips the compare-and-set check; an int makes the write conditional.
    compare_quantity: int | None = None


@dataclass(frozen=True, slots=True)
class InventoryLevel:
    """The store's current available quantity for an item at a location."""

    inventory_item_id: str
    location_id: str
    available: int


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


@dataclass(frozen=True, slots=True)
class OrderPage:
    """One page of orders, oldest first, and the cursor of the next page (None at the end)."""

    orders: tuple[StoreOrder, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class FulfillmentOrderLine:
    """A line of a fulfillment order and how much of it is still to ship."""

    id: str
    line_item_id: str
    remaining_quantity: int


@dataclass(frozen=True, slots=True)
class FulfillmentOrder:
    """A group of lines the store expects to ship from one location."""

    id: str
    status: str
    location_id: str | None
    lines: tuple[FulfillmentOrderLine, ...]


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


@runtime_checkable
class StorefrontClient(Protocol):
    """The storefront verbs the connector uses; every method may raise a StorefrontError."""

    async def shop_info(self) -> ShopInfo:
        """Shop name, currency, locations and the primary location."""
        ...

    async def resolve_skus(self, skus: Sequence[str]) -> dict[str, VariantRef]:
        """Exact-match SKU lookup; SKUs not found (or ambiguous) are absent from the result."""
        ...

    def iter_variants(self) -> AsyncIterator[VariantRef]:
        """Every variant with a SKU in the store (bulk read), for warming the SKU map."""
        ...

    async def upsert_product(self, product: ProductInput) -> ProductUpsertResult:
        """Create or replace a product (by handle) with its full variant set."""
        ...

    async def set_inventory(
        self, quantities: Sequence[InventoryQuantity], idempotency_key: str
    ) -> None:
        """Set absolute available quantities (at most 250) in one atomic write."""
        ...

    async def inventory_levels(
        self, inventory_item_ids: Sequence[str], location_id: str
    ) -> dict[str, int]:
        """Available quantity per inventory item at a location (items not stocked there are absent)."""
        ...

    async def list_orders(
        self, query: OrderQuery, cursor: str | None = None, limit: int = 100
    ) -> OrderPage:
        """A page of orders matching the query, oldest first."""
        ...

    async def fetch_orders(self, order_ids: Sequence[str]) -> dict[str, StoreOrder]:
        """The named orders by id; ids that do not exist are absent."""
        ...

    async def find_order(self, reference: str) -> StoreOrder | None:
        """One order by its channel reference (id or legacy id), or None."""
        ...

    async def add_tags(self, resource_id: str, tags: Sequence[str]) -> None:
        """Add tags to an order (or any taggable resource); existing tags are kept."""
        ...

    async def edit_order(
        self, order_id: str, edits: Sequence[LineEdit], notify_customer: bool = False
    ) -> StoreOrder:
        """Apply line edits in one begin→edit→commit session and answer the order after it."""
        ...

    async def cancel_order(self, order_id: str, options: CancelOptions) -> None:
        """Cancel an order and wait for the storefront's cancellation job to finish."""
        ...

    async def fulfillment_orders(self, order_id: str) -> tuple[FulfillmentOrder, ...]:
        """The order's fulfillment orders with their remaining quantities."""
        ...

    async def create_fulfillment(self, request: FulfillmentRequest) -> Fulfillment:
        """Record a shipment of the given fulfillment-order lines with tracking."""
        ...

    async def update_tracking(
        self, fulfillment_id: str, tracking: Tracking, notify_customer: bool = False
    ) -> None:
        """Replace the tracking information of an existing fulfillment."""
        ...

    async def close_order(self, order_id: str) -> None:
        """Mark an order closed (archived)."""
        ...

    async def capture(
        self, order_id: str, parent_transaction_id: str, amount: Money, final: bool = False
    ) -> Transaction:
        """Capture an amount against an authorization."""
        ...

    async def mark_paid(self, order_id: str) -> None:
        """Mark an order paid (manual payment gateways)."""
        ...

    async def refund(self, request: RefundRequest, idempotency_key: str) -> RefundResult:
        """Create a refund; a retry with the same key answers the first refund."""
        ...

    async def aclose(self) -> None:
        """Release connections; called once from the app's lifespan."""
        ...
