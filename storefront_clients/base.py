"""The StorefrontClient protocol and its value types: the verbs actions and jobs call, in connector terms.

Implementations (``storefront_clients.shopify``; test doubles in the test suite) translate these
into storefront API calls. Nothing here knows about HTTP or GraphQL. Identifiers are opaque
strings (Shopify GIDs for the Shopify client); money is ``Decimal`` with an ISO currency code;
datetimes are timezone-aware.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from storefront_clients.values.catalog import (
    InventoryQuantity,
    Location,
    Metafield,
    Money,
    ProductImage,
    ProductInput,
    ProductOption,
    ProductStatus,
    ProductUpsertResult,
    ShopInfo,
    VariantInput,
    VariantRef,
)
from storefront_clients.values.orders import (
    Address,
    AppliedState,
    BulkStatus,
    ExportedOrder,
    Fulfillment,
    FulfillmentLine,
    OrderExportBatch,
    OrderFacts,
    OrderFactsPage,
    OrderLine,
    OrderPage,
    OrderQuery,
    ShippingLine,
    StoreOrder,
    Tracking,
    Transaction,
    TransactionKind,
    WebhookSubscription,
)
from storefront_clients.values.writes import (
    CancelOptions,
    CancelReason,
    FulfillmentHold,
    FulfillmentOrder,
    FulfillmentOrderLine,
    FulfillmentRequest,
    LineEdit,
    RefundLine,
    RefundRequest,
    RefundResult,
    RestockType,
    ShippingState,
)

__all__ = [
    "Address",
    "AppliedState",
    "BulkStatus",
    "CancelOptions",
    "CancelReason",
    "ExportedOrder",
    "Fulfillment",
    "FulfillmentHold",
    "FulfillmentLine",
    "FulfillmentOrder",
    "FulfillmentOrderLine",
    "FulfillmentRequest",
    "InventoryQuantity",
    "LineEdit",
    "Location",
    "Metafield",
    "Money",
    "OrderExportBatch",
    "OrderFacts",
    "OrderFactsPage",
    "OrderLine",
    "OrderPage",
    "OrderQuery",
    "ProductImage",
    "ProductInput",
    "ProductOption",
    "ProductStatus",
    "ProductUpsertResult",
    "RefundLine",
    "RefundRequest",
    "RefundResult",
    "RestockType",
    "ShippingLine",
    "ShippingState",
    "ShopInfo",
    "StoreOrder",
    "StorefrontClient",
    "Tracking",
    "Transaction",
    "TransactionKind",
    "VariantInput",
    "VariantRef",
    "WebhookSubscription",
]


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

    async def set_inventory(self, quantities: Sequence[InventoryQuantity], idempotency_key: str) -> None:
        """Set absolute available quantities (at most 250) in one atomic write."""
        ...

    async def inventory_levels(self, inventory_item_ids: Sequence[str], location_id: str) -> dict[str, int]:
        """Available quantity per inventory item at a location (items not stocked there are absent)."""
        ...

    async def list_orders(self, query: OrderQuery, cursor: str | None = None, limit: int = 100) -> OrderPage:
        """A page of orders matching the query, oldest first."""
        ...

    async def fetch_orders(self, order_ids: Sequence[str]) -> dict[str, StoreOrder]:
        """The named orders by id; ids that do not exist are absent."""
        ...

    async def list_order_facts(
        self, updated_since: datetime | None, open_only: bool, cursor: str | None = None, limit: int = 250
    ) -> OrderFactsPage:
        """Readiness facts of orders updated since a time (all open ones when None), least recent first."""
        ...

    async def order_facts(self, order_ids: Sequence[str]) -> dict[str, OrderFacts]:
        """Readiness facts of the named orders; ids that do not exist are absent."""
        ...

    async def start_order_export(self, updated_since: datetime | None, open_only: bool) -> BulkStatus | None:
        """Start a bulk export of orders (facts and mapped fields); None when bulk operations are busy."""
        ...

    async def bulk_operation(self, operation_id: str) -> BulkStatus | None:
        """One reading of a bulk operation by id (None when the store does not know it)."""
        ...

    def iter_order_export(self, url: str) -> AsyncIterator[OrderExportBatch]:
        """The orders of a completed export, streamed from its result file in batches."""
        ...

    async def fulfillment_order_owners(self, fulfillment_order_ids: Sequence[str]) -> dict[str, str]:
        """Fulfillment order id → its order's id, for the ids that exist (webhook hints name either)."""
        ...

    async def webhook_subscriptions(self) -> list[WebhookSubscription]:
        """The app's webhook subscriptions on the shop."""
        ...

    async def create_webhook_subscription(self, topic: str, uri: str) -> WebhookSubscription:
        """Subscribe `uri` to one topic (enum form, e.g. ORDERS_CREATE), JSON payloads."""
        ...

    async def find_order(self, reference: str) -> StoreOrder | None:
        """One order by its channel reference (id or legacy id), or None."""
        ...

    async def existing_orders(self, order_ids: Sequence[str]) -> set[str]:
        """Which of these order ids exist (a lean read, one call per 250 ids)."""
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

    async def shipping_state(self, order_id: str) -> ShippingState | None:
        """What shipping a package decides on (line ids, fulfilments, open fulfillment orders), or None."""
        ...

    async def applied_states(self, order_ids: Sequence[str]) -> dict[str, AppliedState]:
        """Cancellation and fulfilment tracking of the orders that exist (cheap, many per read)."""
        ...

    async def move_fulfillment_order(
        self, fulfillment_order_id: str, location_id: str, lines: tuple[tuple[str, int], ...] = ()
    ) -> str:
        """Reassign (fulfillment-order line, quantity) pairs, or all unfulfilled lines, to a location.

        Answers the id of the fulfillment order that now holds them (a partial move splits it).
        """
        ...

    async def create_fulfillment(self, request: FulfillmentRequest) -> str:
        """Record a shipment of the given fulfillment-order lines with tracking; answers its id."""
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

    async def plan_refund(self, request: RefundRequest) -> dict[str, Any]:
        """The exact store input `refund` will send for a request (JSON); kept to resend exactly it."""
        ...

    async def refund(
        self, request: RefundRequest, idempotency_key: str, planned: dict[str, Any] | None = None
    ) -> RefundResult:
        """Create a refund (from `planned` when given); a retry with the same key answers the first refund."""
        ...

    async def order_refunds(self, order_id: str) -> tuple[RefundResult, ...]:
        """The refunds recorded on an order (to recognise one that applied without an answer)."""
        ...

    async def aclose(self) -> None:
        """Release connections; called once from the app's lifespan."""
        ...
