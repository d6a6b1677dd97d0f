"""In-memory catalog records: locations, products, variants, inventory items and levels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass
class Location:
    """A stock location; exactly one is the shop's primary location."""

    id: int
    name: str
    is_primary: bool
    address1: str = ""
    city: str = ""
    province_code: str = ""
    country_code: str = "US"
    zip: str = ""
    is_active: bool = True
    fulfills_online_orders: bool = True
    # A location owned by a fulfilment service app (Location.isFulfillmentService).
    fulfillment_service: str | None = None


@dataclass
class InventoryLevel:
    """Quantities of one inventory item at one location."""

    id: int
    item_id: int
    location_id: int
    available: int
    committed: int
    created_at: datetime
    updated_at: datetime

    @property
    def on_hand(self) -> int:
        """On-hand stock: what is available plus what open orders committed."""
        return self.available + self.committed


@dataclass
class InventoryItem:
    """The stock-keeping record behind a variant; holds its levels by location id."""

    id: int
    variant_id: int
    sku: str | None
    tracked: bool
    requires_shipping: bool
    cost: Decimal | None
    created_at: datetime
    updated_at: datetime
    levels: dict[int, InventoryLevel] = field(default_factory=dict)


@dataclass
class Variant:
    """A purchasable variant of a product."""

    id: int
    product_id: int
    title: str
    sku: str | None
    price: Decimal
    compare_at_price: Decimal | None
    barcode: str | None
    position: int
    selected_options: list[tuple[str, str]]
    inventory_item_id: int
    inventory_policy: str
    taxable: bool
    created_at: datetime
    updated_at: datetime


@dataclass
class Metafield:
    """A typed namespace/key value attached to an owner."""

    id: int
    namespace: str
    key: str
    type: str
    value: str
    created_at: datetime
    updated_at: datetime


@dataclass
class MediaImage:
    """An image attached to a product (from productSet files)."""

    id: int
    url: str
    alt: str


@dataclass
class ProductOption:
    """A product option (e.g. Size) with its ordered values."""

    id: int
    name: str
    position: int
    values: list[str]


@dataclass
class Product:
    """A product with its option definitions and ordered variant ids."""

    id: int
    handle: str
    title: str
    description_html: str
    vendor: str
    product_type: str
    status: str
    tags: list[str]
    options: list[ProductOption]
    variant_ids: list[int]
    metafields: list[Metafield]
    media: list[MediaImage]
    created_at: datetime
    updated_at: datetime
