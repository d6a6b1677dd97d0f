"""Create and replace products with their variants and inventory (used by productSet and seed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .catalog_models import InventoryItem, MediaImage, Metafield, Product, ProductOption, Variant
from .store import Store


@dataclass
class VariantSpec:
    """Wanted state of one variant; `id` keeps an existing variant (else matched by options)."""

    options: list[tuple[str, str]]
    sku: str | None = None
    price: Decimal = Decimal("0")
    compare_at_price: Decimal | None = None
    barcode: str | None = None
    inventory_policy: str = "DENY"
    taxable: bool = True
    tracked: bool = True
    requires_shipping: bool = True
    cost: Decimal | None = None
    # location id -> available quantity (only applied to new stockings or when given)
    quantities: dict[int, int] = field(default_factory=dict)
    id: int | None = None


@dataclass
class ProductSpec:
    """Wanted state of a product; list fields replace what the product had."""

    title: str
    handle: str | None = None
    vendor: str = ""
    product_type: str = ""
    status: str = "ACTIVE"
    description_html: str = ""
    tags: list[str] = field(default_factory=list)
    options: list[tuple[str, list[str]]] = field(default_factory=list)
    variants: list[VariantSpec] = field(default_factory=list)
    metafields: list[tuple[str, str, str, str]] | None = None
    images: list[tuple[str, str]] | None = None


def handleize(title: str) -> str:
    """Shopify-style handle from a title ("Black Sunglasses" -> "black-sunglasses")."""
    text = re.sub(r"[^\w\s-]", "", title.lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", text).strip("-") or "product"


def unique_handle(store: Store, wanted: str, product_id: int | None) -> str:
    """Suffix a handle (-1, -2, …) when another product already uses it."""
    handle, n = wanted, 0
    while store.handles.get(handle, product_id) != product_id:
        n += 1
        handle = f"{wanted}-{n}"
    return handle


def upsert_product(store: Store, spec: ProductSpec, existing: Product | None = None) -> Product:
    """Create or replace a product from a spec; variants not in the spec are deleted."""
    now = store.now()
    options = spec.options or [("Title", ["Default Title"])]
    variants = spec.variants or [VariantSpec(options=[("Title", "Default Title")])]
    if existing is None:
        product = Product(
            id=store.next_id("Product"),
            handle="",
            title=spec.title,
            description_html="",
            vendor="",
            product_type="",
            status="ACTIVE",
            tags=[],
            options=[],
            variant_ids=[],
            metafields=[],
            media=[],
            created_at=now,
            updated_at=now,
        )
        store.products[product.id] = product
    else:
        product = existing
        store.handles.pop(product.handle, None)
    product.handle = unique_handle(store, spec.handle or handleize(spec.title), product.id)
    store.handles[product.handle] = product.id
    product.title, product.vendor, product.product_type = spec.title, spec.vendor, spec.product_type
    product.status, product.description_html = spec.status, spec.description_html
    product.tags = sorted(set(spec.tags))
    product.options = [
        ProductOption(id=store.next_id("ProductOption"), name=name, position=i + 1, values=list(vals))
        for i, (name, vals) in enumerate(options)
    ]
    if spec.metafields is not None:
        product.metafields = [
            Metafield(store.next_id("Metafield"), ns, key, typ, val, now, now)
            for ns, key, typ, val in spec.metafields
        ]
    if spec.images is not None:
        product.media = [MediaImage(store.next_id("MediaImage"), url, alt) for url, alt in spec.images]
    _replace_variants(store, product, variants)
    product.updated_at = now
    return product


def _replace_variants(store: Store, product: Product, specs: list[VariantSpec]) -> None:
    old = {vid: store.variants[vid] for vid in product.variant_ids}
    by_options = {tuple(v.selected_options): v for v in old.values()}
    keep: list[int] = []
    for position, spec in enumerate(specs, start=1):
        match = old.get(spec.id) if spec.id else by_options.get(tuple(spec.options))
        variant = _write_variant(store, product, spec, position, match)
        keep.append(variant.id)
    for vid in old:
        if vid not in keep:
            store.remove_variant(vid)
    product.variant_ids = keep


def _write_variant(
    store: Store, product: Product, spec: VariantSpec, position: int, variant: Variant | None
) -> Variant:
    now = store.now()
    if variant is None:
        item = InventoryItem(
            id=store.next_id("InventoryItem"),
            variant_id=0,
            sku=spec.sku,
            tracked=spec.tracked,
            requires_shipping=spec.requires_shipping,
            cost=spec.cost,
            created_at=now,
            updated_at=now,
        )
        store.items[item.id] = item
        variant = Variant(
            id=store.next_id("ProductVariant"),
            product_id=product.id,
            title="",
            sku=None,
            price=spec.price,
            compare_at_price=None,
            barcode=None,
            position=position,
            selected_options=[],
            inventory_item_id=item.id,
            inventory_policy="DENY",
            taxable=True,
            created_at=now,
            updated_at=now,
        )
        item.variant_id = variant.id
        store.variants[variant.id] = variant
        for loc_id in spec.quantities or {store.primary_location.id: 0}:
            store.ensure_level(item, loc_id)
    else:
        store.unindex_variant(variant)
    item = store.items[variant.inventory_item_id]
    variant.sku, item.sku = spec.sku, spec.sku
    variant.price, variant.compare_at_price = spec.price, spec.compare_at_price
    variant.barcode, variant.position = spec.barcode, position
    variant.selected_options = list(spec.options)
    variant.title = " / ".join(value for _name, value in spec.options)
    variant.inventory_policy, variant.taxable = spec.inventory_policy, spec.taxable
    item.tracked, item.requires_shipping = spec.tracked, spec.requires_shipping
    if spec.cost is not None:
        item.cost = spec.cost
    for loc_id, qty in spec.quantities.items():
        level = store.ensure_level(item, loc_id)
        level.available = qty
        level.updated_at = now
    variant.updated_at = item.updated_at = now
    store.index_variant(variant)
    return variant
