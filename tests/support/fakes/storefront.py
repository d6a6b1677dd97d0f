"""An in-memory StorefrontClient for the connector's own tests (not the sandbox store)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from storefront_clients.base import (
    BulkStatus,
    ExportedOrder,
    InventoryQuantity,
    Location,
    OrderExportBatch,
    OrderFacts,
    OrderFactsPage,
    OrderPage,
    OrderQuery,
    ProductInput,
    ProductUpsertResult,
    RefundResult,
    ShopInfo,
    StoreOrder,
    VariantRef,
    WebhookSubscription,
)
from storefront_clients.errors import (
    PermanentStorefrontError,
    TransientStorefrontError,
    UserError,
)
from tests.support.fakes.order_writes import LOCATION, FakeOrderWrites

__all__ = ["LOCATION", "FakeStorefront", "transient"]

KEY_MISMATCH = "The same idempotency key cannot be used with different operation parameters."


@dataclass
class FakeStorefront(FakeOrderWrites):
    """Dict-backed store; `fail_next` makes the next calls raise, `calls` records every verb."""

    variants: dict[str, VariantRef] = field(default_factory=dict)
    inventory: dict[tuple[str, str], int] = field(default_factory=dict)
    orders: dict[str, StoreOrder] = field(default_factory=dict)
    products: dict[str, ProductInput] = field(default_factory=dict)
    refunds: dict[str, RefundResult] = field(default_factory=dict)
    inventory_keys: set[str] = field(default_factory=set)
    inventory_sent: dict[str, tuple[tuple[str, str, int], ...]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    fail_next: list[Exception] = field(default_factory=list)
    fail_verb: dict[str, list[Exception]] = field(default_factory=dict)
    # Order id → OrderFacts fields to override (holds, scheduled, risk_level): what the gate reads.
    readiness: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, WebhookSubscription] = field(default_factory=dict)
    # Fulfillment order id → order id.
    fulfillment_owners: dict[str, str] = field(default_factory=dict)
    # Off by default: bulk operations answer "busy", so order_sync on the fake reads pages.
    bulk_enabled: bool = False
    exports: dict[str, tuple[StoreOrder, ...]] = field(default_factory=dict)
    # Fulfillment order id → the location a move assigned it to.
    moved_to: dict[str, str] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def _enter(self, verb: str) -> None:
        self.calls.append(verb)
        if self.fail_verb.get(verb):
            raise self.fail_verb[verb].pop(0)
        if self.fail_next:
            raise self.fail_next.pop(0)

    def add_variant(self, sku: str) -> VariantRef:
        """Create a product with one variant for `sku` (test set-up)."""
        ref = VariantRef(sku, self._gid("ProductVariant"), self._gid("InventoryItem"), self._gid("Product"))
        self.variants[sku] = ref
        self.inventory[(ref.inventory_item_id, LOCATION)] = 0
        return ref

    def add_order(self, order: StoreOrder) -> StoreOrder:
        """Register an order (test set-up); like a store, it is updated no earlier than when it arrived."""
        # A sync that ran before would never see an order "updated" before its cursor.
        order = replace(order, updated_at=max(order.updated_at, datetime.now(UTC)))
        self.orders[order.id] = order
        return order

    async def shop_info(self) -> ShopInfo:
        self._enter("shop_info")
        return ShopInfo("Fake shop", "USD", LOCATION, (Location(LOCATION, "Main"),))

    async def resolve_skus(self, skus: Sequence[str]) -> dict[str, VariantRef]:
        self._enter("resolve_skus")
        return {s: self.variants[s] for s in skus if s in self.variants}

    async def iter_variants(self) -> AsyncIterator[VariantRef]:
        self._enter("iter_variants")
        for ref in list(self.variants.values()):
            yield ref

    async def upsert_product(self, product: ProductInput) -> ProductUpsertResult:
        self._enter("upsert_product")
        if not product.title:
            raise PermanentStorefrontError(
                "productSet failed",
                (UserError("Title can't be blank", "BLANK", ("input", "title")),),
            )
        self.products[product.handle] = product
        refs = tuple(self.variants.get(v.sku) or self.add_variant(v.sku) for v in product.variants)
        return ProductUpsertResult(refs[0].product_id if refs else self._gid("Product"), product.handle, refs)

    async def set_inventory(self, quantities: Sequence[InventoryQuantity], idempotency_key: str) -> None:
        # The sandbox's rules (tests/connector/test_storefront_contract.py holds the two together):
        # a key replays only its own quantities, unknown items and repeated pairs refuse it all.
        self._enter("set_inventory")
        sent = tuple((q.inventory_item_id, q.location_id, q.quantity) for q in quantities)
        if idempotency_key in self.inventory_keys:
            if self.inventory_sent.get(idempotency_key) != sent:
                raise PermanentStorefrontError(
                    "Shopify inventorySetQuantities rejected the input",
                    (UserError(KEY_MISMATCH, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"),),
                )
            return
        if len({(i, loc) for i, loc, _q in sent}) != len(sent):
            raise PermanentStorefrontError("inventorySetQuantities got the same item twice")
        known = {ref.inventory_item_id for ref in self.variants.values()}
        refused = tuple(
            UserError(
                "The specified inventory item could not be found.",
                "INVALID_INVENTORY_ITEM",
                ("input", "quantities", str(n), "inventoryItemId"),
            )
            for n, q in enumerate(quantities)
            if q.inventory_item_id not in known
        )
        if refused:
            raise PermanentStorefrontError("Shopify inventorySetQuantities rejected the input", refused)
        for q in quantities:
            self.inventory[(q.inventory_item_id, q.location_id)] = q.quantity
        self.inventory_keys.add(idempotency_key)
        self.inventory_sent[idempotency_key] = sent

    async def inventory_levels(self, inventory_item_ids: Sequence[str], location_id: str) -> dict[str, int]:
        self._enter("inventory_levels")
        return {
            i: self.inventory[(i, location_id)]
            for i in inventory_item_ids
            if (i, location_id) in self.inventory
        }

    async def list_orders(self, query: OrderQuery, cursor: str | None = None, limit: int = 100) -> OrderPage:
        self._enter("list_orders")
        matching = sorted(
            (
                o
                for o in self.orders.values()
                if (query.include_cancelled or query.cancelled_only or o.cancelled_at is None)
                and (not query.cancelled_only or o.cancelled_at is not None)
                and (query.with_tag is None or query.with_tag in o.tags)
                and (not query.open_only or not o.closed)
                and (not query.financial_statuses or o.financial_status in query.financial_statuses)
                and (query.updated_since is None or o.updated_at > query.updated_since)
                and (query.without_tag is None or query.without_tag not in o.tags)
            ),
            key=lambda o: (o.created_at, o.id),
        )
        start = int(cursor or 0)
        page = tuple(matching[start : start + limit])
        more = start + limit < len(matching)
        return OrderPage(page, str(start + limit) if more else None)

    def _facts(self, o: StoreOrder) -> OrderFacts:
        base = OrderFacts(
            o.id,
            o.legacy_id,
            o.name,
            o.created_at,
            o.updated_at,
            o.financial_status,
            o.cancelled_at,
            o.closed,
            o.tags,
        )
        return replace(base, **self.readiness.get(o.id, {}))

    async def list_order_facts(
        self, updated_since: datetime | None, open_only: bool, cursor: str | None = None, limit: int = 250
    ) -> OrderFactsPage:
        self._enter("list_order_facts")
        matching = sorted(
            (
                o
                for o in self.orders.values()
                if (updated_since is None or o.updated_at >= updated_since)
                and (not open_only or (not o.closed and o.cancelled_at is None))
            ),
            key=lambda o: (o.updated_at, o.id),
        )
        start = int(cursor or 0)
        more = start + limit < len(matching)
        page = tuple(self._facts(o) for o in matching[start : start + limit])
        return OrderFactsPage(page, str(start + limit) if more else None)

    async def order_facts(self, order_ids: Sequence[str]) -> dict[str, OrderFacts]:
        self._enter("order_facts")
        return {i: self._facts(self.orders[i]) for i in order_ids if i in self.orders}

    async def start_order_export(self, updated_since: datetime | None, open_only: bool) -> BulkStatus | None:
        self._enter("start_order_export")
        if not self.bulk_enabled:
            return None
        op = self._gid("BulkOperation")
        self.exports[op] = tuple(
            o
            for o in self.orders.values()
            if (updated_since is None or o.updated_at >= updated_since)
            and (not open_only or (not o.closed and o.cancelled_at is None))
        )
        return BulkStatus(op, "CREATED")

    async def bulk_operation(self, operation_id: str) -> BulkStatus | None:
        self._enter("bulk_operation")
        if operation_id not in self.exports:
            return None
        return BulkStatus(operation_id, "COMPLETED", url=f"fake://{operation_id}")

    async def iter_order_export(self, url: str) -> AsyncIterator[OrderExportBatch]:
        self._enter("iter_order_export")
        orders = self.exports[url.removeprefix("fake://")]
        yield OrderExportBatch(tuple(ExportedOrder(self._facts(o), o) for o in orders))

    async def fulfillment_order_owners(self, fulfillment_order_ids: Sequence[str]) -> dict[str, str]:
        self._enter("fulfillment_order_owners")
        return {i: self.fulfillment_owners[i] for i in fulfillment_order_ids if i in self.fulfillment_owners}

    async def webhook_subscriptions(self) -> list[WebhookSubscription]:
        self._enter("webhook_subscriptions")
        return list(self.subscriptions.values())

    async def create_webhook_subscription(self, topic: str, uri: str) -> WebhookSubscription:
        self._enter("create_webhook_subscription")
        created = WebhookSubscription(self._gid("WebhookSubscription"), topic, uri)
        self.subscriptions[created.id] = created
        return created

    async def fetch_orders(self, order_ids: Sequence[str]) -> dict[str, StoreOrder]:
        self._enter("fetch_orders")
        return {i: self.orders[i] for i in order_ids if i in self.orders}

    async def existing_orders(self, order_ids: Sequence[str]) -> set[str]:
        self._enter("existing_orders")
        return {i for i in order_ids if i in self.orders}

    async def find_order(self, reference: str) -> StoreOrder | None:
        self._enter("find_order")
        for order in self.orders.values():
            if reference in (order.id, order.legacy_id, order.name):
                return order
        return None

    async def add_tags(self, resource_id: str, tags: Sequence[str]) -> None:
        self._enter("add_tags")
        order = self._order(resource_id)
        self.orders[resource_id] = replace(order, tags=tuple(dict.fromkeys((*order.tags, *tags))))

    async def aclose(self) -> None:
        self.calls.append("aclose")


def transient() -> TransientStorefrontError:
    """A retryable failure to queue with `fail_next`."""
    return TransientStorefrontError("HTTP 503 from storefront")
