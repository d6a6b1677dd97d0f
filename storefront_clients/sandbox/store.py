"""The in-memory store behind one sandbox: catalog, inventory, orders, and async records."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .catalog_models import InventoryItem, InventoryLevel, Location, Product, Variant
from .idempotency import IdempotencyLedger
from .order_models import Order

_ID_BASES = {
    "Product": 8_000_000_000,
    "ProductVariant": 44_000_000_000,
    "InventoryItem": 46_000_000_000,
    "InventoryLevel": 120_000_000_000,
    "Location": 70_000_000_000,
    "Order": 5_500_000_000,
    "LineItem": 13_000_000_000,
    "Customer": 7_000_000_000,
}
_DEFAULT_BASE = 1_000_000


@dataclass
class ShopInfo:
    """Shop-level settings that `shop { ... }` exposes."""

    name: str = "RetailOps Sandbox Store"
    email: str = "owner@sandbox-store.example"
    myshopify_domain: str = "sandbox-store.myshopify.com"
    currency_code: str = "USD"
    iana_timezone: str = "America/New_York"
    plan: str = "Basic"
    weight_unit: str = "POUNDS"


@dataclass
class Job:
    """An asynchronous job (orderCancel) polled through `job(id:)`."""

    id: str
    done: bool


@dataclass
class BulkOperation:
    """A bulk query run; its JSONL result is served by the sandbox."""

    id: int
    query: str
    status: str
    created_at: datetime
    completed_at: datetime | None = None
    object_count: int = 0
    root_object_count: int = 0
    file_size: int | None = None
    result: bytes | None = None
    error_code: str | None = None
    token: str = ""
    running_polls: int = 0


@dataclass
class Store:
    """All sandbox data; guarded by `lock` because the threaded server may share it."""

    shop: ShopInfo = field(default_factory=ShopInfo)
    locations: dict[int, Location] = field(default_factory=dict)
    products: dict[int, Product] = field(default_factory=dict)
    variants: dict[int, Variant] = field(default_factory=dict)
    items: dict[int, InventoryItem] = field(default_factory=dict)
    levels: dict[int, InventoryLevel] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    bulk_operations: dict[int, BulkOperation] = field(default_factory=dict)
    # @idempotent keys: first parameters and outcome per (mutation, key), keys in flight.
    idempotency: IdempotencyLedger = field(default_factory=IdempotencyLedger)
    # Calculated-order edit sessions: calculated order id -> session state.
    edit_sessions: dict[int, Any] = field(default_factory=dict)
    handles: dict[str, int] = field(default_factory=dict)
    # lower-cased SKU -> variant ids (search is case-insensitive; SKUs are not unique)
    skus: dict[str, list[int]] = field(default_factory=dict)
    # (record kind, id) -> owning order id, for sub-records reachable by gid.
    owners: dict[tuple[str, int], int] = field(default_factory=dict)
    frozen_now: datetime | None = None
    # Webhook subscriptions (sandbox.webhooks.Subscription by id) and the runtime's dispatcher.
    webhook_subscriptions: dict[int, Any] = field(default_factory=dict)
    webhook_dispatcher: Any = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    _counters: dict[str, Iterator[int]] = field(default_factory=dict)

    def now(self) -> datetime:
        """Current time (frozen in some tests), timezone-aware, whole seconds."""
        moment = self.frozen_now or datetime.now(UTC)
        return moment.replace(microsecond=0)

    def next_id(self, kind: str) -> int:
        """Allocate the next numeric id for a resource kind (deterministic per store)."""
        counter = self._counters.get(kind)
        if counter is None:
            counter = itertools.count(_ID_BASES.get(kind, _DEFAULT_BASE) + 1)
            self._counters[kind] = counter
        return next(counter)

    def next_order_number(self) -> int:
        """Next order number: #1001, #1002, ..."""
        return 1001 + len(self.orders)

    @property
    def primary_location(self) -> Location:
        """The shop's primary location."""
        return next(loc for loc in self.locations.values() if loc.is_primary)

    def index_variant(self, variant: Variant) -> None:
        """Register a variant's SKU in the SKU index."""
        if variant.sku:
            self.skus.setdefault(variant.sku.lower(), []).append(variant.id)

    def unindex_variant(self, variant: Variant) -> None:
        """Drop a variant from the SKU index."""
        key = (variant.sku or "").lower()
        if key and variant.id in self.skus.get(key, []):
            self.skus[key].remove(variant.id)
            if not self.skus[key]:
                del self.skus[key]

    def remove_variant(self, variant_id: int) -> None:
        """Delete a variant with its inventory item and levels."""
        variant = self.variants.pop(variant_id)
        self.unindex_variant(variant)
        item = self.items.pop(variant.inventory_item_id, None)
        if item is not None:
            for level in item.levels.values():
                self.levels.pop(level.id, None)

    def ensure_level(self, item: InventoryItem, location_id: int) -> InventoryLevel:
        """Return the item's level at a location, stocking it there at 0 if absent."""
        level = item.levels.get(location_id)
        if level is None:
            now = self.now()
            level = InventoryLevel(
                id=self.next_id("InventoryLevel"),
                item_id=item.id,
                location_id=location_id,
                available=0,
                committed=0,
                created_at=now,
                updated_at=now,
            )
            item.levels[location_id] = level
            self.levels[level.id] = level
        return level

    def owner(self, kind: str, record_id: int) -> Order | None:
        """The order owning a sub-record (fulfilment order, fulfilment, line, transaction, refund)."""
        order_id = self.owners.get((kind, record_id))
        return self.orders.get(order_id) if order_id is not None else None

    def own(self, kind: str, record_id: int, order: Order) -> None:
        """Record that `order` owns a sub-record."""
        self.owners[(kind, record_id)] = order.id

    def variant_by_sku(self, sku: str) -> list[Variant]:
        """Variants whose SKU equals `sku` ignoring case (SKUs are not unique in Shopify)."""
        return [self.variants[v] for v in self.skus.get(sku.lower(), [])]
