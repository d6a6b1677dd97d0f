"""Shop, catalog and inventory value types of the storefront protocol."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


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
