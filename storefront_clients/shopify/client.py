"""`ShopifyClient`: the StorefrontClient protocol on Shopify's Admin GraphQL API.

Built once per process by ``ShopifyClient.from_config`` (the app's storefront factory) and
closed with ``aclose()`` in the app's lifespan. One ``httpx.AsyncClient`` with explicit timeouts,
one ``Transport`` and one ``Pacer`` are shared by every concurrent caller. The operations live
in the ``ops_*`` modules; their documents in ``documents``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import httpx

from storefront_clients.base import (
    AppliedState,
    BulkStatus,
    CancelOptions,
    FulfillmentOrder,
    FulfillmentRequest,
    InventoryQuantity,
    LineEdit,
    Money,
    OrderExportBatch,
    OrderFacts,
    OrderFactsPage,
    OrderPage,
    OrderQuery,
    ProductInput,
    ProductUpsertResult,
    RefundRequest,
    RefundResult,
    ShippingState,
    ShopInfo,
    StoreOrder,
    Tracking,
    Transaction,
    VariantRef,
    WebhookSubscription,
)
from storefront_clients.errors import PermanentStorefrontError
from storefront_clients.shopify import (
    ops_catalog,
    ops_fulfil,
    ops_inventory,
    ops_order_writes,
    ops_refund,
    ops_shipping,
    ops_shop,
)
from storefront_clients.shopify.auth import TokenProvider, token_provider
from storefront_clients.shopify.bulk import BulkPolicy, BulkVariants
from storefront_clients.shopify.config import ShopifyConfig
from storefront_clients.shopify.ops_bulk_orders import export_batches, export_status, start_export
from storefront_clients.shopify.ops_catalog import SkuResolution
from storefront_clients.shopify.ops_order_facts import facts_by_id, facts_page
from storefront_clients.shopify.ops_orders import OrderReader
from storefront_clients.shopify.ops_webhooks import (
    create_subscription,
    fulfillment_order_owners,
    subscriptions,
)
from storefront_clients.shopify.pacer import Clock, Sleep
from storefront_clients.shopify.paging import OrderSizes
from storefront_clients.shopify.parse import gid
from storefront_clients.shopify.retry_rules import RetryPolicy
from storefront_clients.shopify.transport import Transport

USER_AGENT = "retailops-shopify-connector"


def http_timeout(seconds: float) -> httpx.Timeout:
    """Explicit per-phase timeouts for one Admin API call."""
    return httpx.Timeout(connect=min(5.0, seconds), read=seconds, write=seconds, pool=seconds)


class ShopifyClient:
    """The storefront verbs on one Shopify shop; safe for concurrent asyncio callers."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoint: str,
        auth: TokenProvider,
        *,
        location_id: str | None = None,
        retry: RetryPolicy | None = None,
        order_sizes: OrderSizes | None = None,
        bulk_policy: BulkPolicy | None = None,
        cancel_deadline_seconds: float = 30.0,
        download: httpx.AsyncClient | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._http = http
        self._download = download
        self.transport = Transport(http, endpoint, auth, retry=retry, clock=clock, sleep=sleep)
        self.location_id = gid("Location", location_id) if location_id else None
        self._orders = OrderReader(self.transport, order_sizes)
        self._bulk = BulkVariants(
            self.transport, download or http, policy=bulk_policy, clock=clock, sleep=sleep
        )
        self._cancel_deadline = cancel_deadline_seconds
        self._clock = clock
        self._sleep = sleep

    @classmethod
    def from_config(cls, config: ShopifyConfig, **overrides: Any) -> ShopifyClient:
        """The process's client for one shop (the connector builds `config` from its settings)."""
        if not config.shop and not config.admin_url:
            raise PermanentStorefrontError("SHOPIFY_SHOP (or SHOPIFY_ADMIN_URL) is not set")
        timeout = http_timeout(float(config.timeout_seconds))
        http = httpx.AsyncClient(timeout=timeout, headers={"User-Agent": USER_AGENT})
        auth = token_provider(http, config)
        download = httpx.AsyncClient(timeout=timeout, headers={"User-Agent": USER_AGENT})
        return cls(
            http, config.endpoint, auth, location_id=config.location_id, download=download, **overrides
        )

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()
        if self._download is not None:
            await self._download.aclose()

    # --- shop ------------------------------------------------------------------------------

    async def shop_info(self) -> ShopInfo:
        """Shop name, currency, every location, and the primary location."""
        return await ops_shop.shop_info(self.transport)

    # --- catalog ---------------------------------------------------------------------------

    async def resolve_skus(self, skus: Sequence[str]) -> dict[str, VariantRef]:
        """Exact, unambiguous SKU matches (ambiguous ones are logged and left out)."""
        return (await self.resolve_skus_detailed(skus)).found

    async def resolve_skus_detailed(self, skus: Sequence[str]) -> SkuResolution:
        """Exact matches and the SKUs that several variants share."""
        return await ops_catalog.resolve_skus(self.transport, skus)

    def iter_variants(self) -> AsyncIterator[VariantRef]:
        """Every variant with a SKU (bulk operation; pages when bulk is busy)."""
        return self._bulk.iter_variants()

    async def upsert_product(self, product: ProductInput) -> ProductUpsertResult:
        """`productSet` by handle with the full variant set."""
        return await ops_catalog.upsert_product(self.transport, product)

    # --- inventory -------------------------------------------------------------------------

    async def set_inventory(self, quantities: Sequence[InventoryQuantity], idempotency_key: str) -> None:
        """`inventorySetQuantities` of up to 250 absolute quantities."""
        await ops_inventory.set_inventory(self.transport, quantities, idempotency_key)

    async def inventory_levels(self, inventory_item_ids: Sequence[str], location_id: str) -> dict[str, int]:
        """Available quantity per inventory item at a location."""
        return await ops_inventory.inventory_levels(self.transport, inventory_item_ids, location_id)

    # --- orders ----------------------------------------------------------------------------

    async def list_orders(self, query: OrderQuery, cursor: str | None = None, limit: int = 100) -> OrderPage:
        """A page of matching orders, oldest first, sized to the cost ceiling."""
        return await self._orders.page(query, cursor, limit)

    async def fetch_orders(self, order_ids: Sequence[str]) -> dict[str, StoreOrder]:
        """The named orders that exist."""
        return await self._orders.by_ids(order_ids)

    async def list_order_facts(
        self, updated_since: datetime | None, open_only: bool, cursor: str | None = None, limit: int = 250
    ) -> OrderFactsPage:
        """Readiness facts of orders updated since a time (all open ones when None), least recent first."""
        return await facts_page(self.transport, updated_since, open_only, cursor, limit)

    async def order_facts(self, order_ids: Sequence[str]) -> dict[str, OrderFacts]:
        """Readiness facts of the named orders that exist."""
        return await facts_by_id(self.transport, order_ids)

    async def start_order_export(self, updated_since: datetime | None, open_only: bool) -> BulkStatus | None:
        """Start a bulk export of orders; None when Shopify says bulk operations are busy."""
        return await start_export(self.transport, updated_since, open_only)

    async def bulk_operation(self, operation_id: str) -> BulkStatus | None:
        """One status read of a bulk operation."""
        return await export_status(self.transport, operation_id)

    def iter_order_export(self, url: str) -> AsyncIterator[OrderExportBatch]:
        """The orders of a completed export file, streamed in batches."""
        return export_batches(self._download or self._http, url)

    async def fulfillment_order_owners(self, fulfillment_order_ids: Sequence[str]) -> dict[str, str]:
        """Fulfillment order gid → order gid."""
        return await fulfillment_order_owners(self.transport, fulfillment_order_ids)

    async def webhook_subscriptions(self) -> list[WebhookSubscription]:
        """The app's webhook subscriptions."""
        return await subscriptions(self.transport)

    async def create_webhook_subscription(self, topic: str, uri: str) -> WebhookSubscription:
        """Subscribe `uri` to one topic."""
        return await create_subscription(self.transport, topic, uri)

    async def find_order(self, reference: str) -> StoreOrder | None:
        """One order by GID, numeric id or name."""
        return await self._orders.find(reference)

    async def existing_orders(self, order_ids: Sequence[str]) -> set[str]:
        """Which of these order ids exist (`nodes(ids:)` asking only `id`)."""
        return await self._orders.existing(order_ids)

    async def add_tags(self, resource_id: str, tags: Sequence[str]) -> None:
        """`tagsAdd`."""
        await ops_order_writes.add_tags(self.transport, resource_id, tags)

    async def edit_order(
        self, order_id: str, edits: Sequence[LineEdit], notify_customer: bool = False
    ) -> StoreOrder:
        """Begin → set quantities / add variants → commit; the order after it."""
        return await ops_order_writes.edit_order(
            self.transport, self._orders, order_id, edits, notify_customer, self.location_id
        )

    async def cancel_order(self, order_id: str, options: CancelOptions) -> None:
        """`orderCancel`, its job awaited."""
        await ops_order_writes.cancel_order(
            self.transport,
            order_id,
            options,
            deadline_seconds=self._cancel_deadline,
            clock=self._clock,
            sleep=self._sleep,
        )

    async def fulfillment_orders(self, order_id: str) -> tuple[FulfillmentOrder, ...]:
        """Fulfillment orders that still hold work (open, in progress, held, scheduled), read in full."""
        return await ops_shipping.fulfillment_orders(self.transport, order_id)

    async def shipping_state(self, order_id: str) -> ShippingState | None:
        """Line ids, fulfilments and open fulfillment orders in one lean read (None: no such order)."""
        return await ops_shipping.shipping_state(self.transport, order_id)

    async def applied_states(self, order_ids: Sequence[str]) -> dict[str, AppliedState]:
        """Cancellation and fulfilment tracking, 100 orders per lean read (reconciliation)."""
        return await ops_shipping.applied_states(self.transport, order_ids)

    async def move_fulfillment_order(
        self, fulfillment_order_id: str, location_id: str, lines: tuple[tuple[str, int], ...] = ()
    ) -> str:
        """`fulfillmentOrderMove`; the id of the fulfillment order now holding the moved lines."""
        return await ops_fulfil.move_fulfillment_order(
            self.transport, fulfillment_order_id, location_id, lines
        )

    async def create_fulfillment(self, request: FulfillmentRequest) -> str:
        """`fulfillmentCreate` with tracking."""
        return await ops_fulfil.create_fulfillment(self.transport, request)

    async def update_tracking(
        self, fulfillment_id: str, tracking: Tracking, notify_customer: bool = False
    ) -> None:
        """`fulfillmentTrackingInfoUpdate`."""
        await ops_fulfil.update_tracking(self.transport, fulfillment_id, tracking, notify_customer)

    async def close_order(self, order_id: str) -> None:
        """`orderClose`."""
        await ops_fulfil.close_order(self.transport, order_id)

    async def capture(
        self, order_id: str, parent_transaction_id: str, amount: Money, final: bool = False
    ) -> Transaction:
        """`orderCapture`."""
        return await ops_order_writes.capture(self.transport, order_id, parent_transaction_id, amount, final)

    async def mark_paid(self, order_id: str) -> None:
        """`orderMarkAsPaid`."""
        await ops_order_writes.mark_paid(self.transport, order_id)

    async def plan_refund(self, request: RefundRequest) -> dict[str, Any]:
        """The `RefundInput` a refund will send (from `suggestedRefund` now)."""
        return await ops_refund.plan(self.transport, request)

    async def refund(
        self, request: RefundRequest, idempotency_key: str, planned: dict[str, Any] | None = None
    ) -> RefundResult:
        """`refundCreate` with an idempotency key, sending `planned` exactly when given."""
        return await ops_refund.refund(self.transport, request, idempotency_key, planned)

    async def order_refunds(self, order_id: str) -> tuple[RefundResult, ...]:
        """The order's refunds."""
        return await ops_refund.order_refunds(self.transport, order_id)
