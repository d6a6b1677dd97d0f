"""Product and variant read resolvers: lookups, searchable connections and derived fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from storefront_clients.sandbox.catalog_models import MediaImage, Metafield, Product, ProductOption, Variant
from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field, typename
from storefront_clients.sandbox.search import (
    Compiled,
    Term,
    date_matcher,
    id_matcher,
    list_matcher,
    str_matcher,
    text_match,
)
from storefront_clients.sandbox.store import Store

from .common import register_gid, store_of

for cls, name in (
    (Product, "Product"),
    (Variant, "ProductVariant"),
    (Metafield, "Metafield"),
    (MediaImage, "MediaImage"),
    (ProductOption, "ProductOption"),
):
    typename(cls, name)
    register_gid(name)


def product_query(store: Store, query: str | None) -> Compiled[Product]:
    """Compile a products search (title, handle, sku, tag, status, vendor, product_type, ids, dates)."""

    def sku(p: Product, _op: str, value: str) -> bool:
        return any(text_match(store.variants[v].sku, value) for v in p.variant_ids)

    fields: dict[str, Callable[[Product, str, str], bool]] = {
        "title": str_matcher(lambda p: p.title),
        "handle": str_matcher(lambda p: p.handle),
        "sku": sku,
        "tag": list_matcher(lambda p: p.tags),
        "status": str_matcher(lambda p: p.status),
        "vendor": str_matcher(lambda p: p.vendor),
        "product_type": str_matcher(lambda p: p.product_type),
        "id": id_matcher(lambda p: p.id),
        "updated_at": date_matcher(lambda p: p.updated_at),
        "created_at": date_matcher(lambda p: p.created_at),
    }
    return Compiled(query, fields, lambda p, _o, v: v.lower() in p.title.lower() or sku(p, _o, v))


def variant_query(query: str | None) -> Compiled[Variant]:
    """Compile a productVariants search; `sku:` is exact (case-insensitive), `*` for prefix."""
    fields: dict[str, Callable[[Variant, str, str], bool]] = {
        "sku": str_matcher(lambda v: v.sku),
        "barcode": str_matcher(lambda v: v.barcode),
        "title": str_matcher(lambda v: v.title),
        "product_id": id_matcher(lambda v: v.product_id),
        "id": id_matcher(lambda v: v.id),
        "updated_at": date_matcher(lambda v: v.updated_at),
        "created_at": date_matcher(lambda v: v.created_at),
    }
    return Compiled(query, fields, lambda v, _o, val: text_match(v.sku, val) or val in v.title)


_PRODUCT_SORT: dict[str, Callable[[Product], Any]] = {
    "ID": lambda p: p.id,
    "TITLE": lambda p: p.title.lower(),
    "UPDATED_AT": lambda p: p.updated_at,
    "CREATED_AT": lambda p: p.created_at,
}


@field("QueryRoot", "products")
def products(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Searchable, sortable product connection."""
    store = store_of(info)
    compiled = product_query(store, args.get("query"))
    items = [p for p in store.products.values() if compiled.matches(p)]
    key = _PRODUCT_SORT.get(args.get("sortKey") or "ID", _PRODUCT_SORT["ID"])
    return page(items, args, lambda p: p.id, key)


def _variant_candidates(store: Store, query: str | None) -> list[Variant]:
    """Variants matching a query; plain `sku:A OR sku:B` uses the SKU index (50k-SKU stores)."""
    compiled = variant_query(query)
    tree = compiled.tree
    parts = tree[1] if isinstance(tree, tuple) and tree[0] == "OR" else [tree]
    exact = [
        p.value
        for p in parts
        if isinstance(p, Term) and p.field == "sku" and not p.negated and not p.value.endswith("*")
    ]
    if exact and len(exact) == len(parts):
        found = {v.id: v for s in exact for v in store.variant_by_sku(s)}
        return list(found.values())
    return [v for v in store.variants.values() if compiled.matches(v)]


@field("QueryRoot", "productVariants")
def product_variants(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Searchable variant connection (sku:, product_id:, ...)."""
    store = store_of(info)
    items = _variant_candidates(store, args.get("query"))
    if (args.get("sortKey") or "ID") == "SKU":
        return page(items, args, lambda v: v.id, lambda v: (v.sku or "").lower())
    return page(items, args, lambda v: v.id)


@field("QueryRoot", "product")
def product(_root: Any, info: Info, id: str) -> Product | None:
    """A product by gid."""
    num = parse_gid(id, "Product")
    return store_of(info).products.get(num) if num is not None else None


@field("QueryRoot", "productByIdentifier")
def product_by_identifier(_root: Any, info: Info, identifier: dict[str, Any]) -> Product | None:
    """A product by id or handle."""
    store = store_of(info)
    if identifier.get("handle"):
        num = store.handles.get(str(identifier["handle"]))
        return store.products.get(num) if num is not None else None
    return product(None, info, identifier.get("id") or "")


@field("QueryRoot", "productVariant")
def product_variant(_root: Any, info: Info, id: str) -> Variant | None:
    """A variant by gid."""
    num = parse_gid(id, "ProductVariant")
    return store_of(info).variants.get(num) if num is not None else None


@field("QueryRoot", "productsCount")
def products_count(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Count of products matching a query."""
    store = store_of(info)
    compiled = product_query(store, args.get("query"))
    return {"count": sum(1 for p in store.products.values() if compiled.matches(p)), "precision": "EXACT"}


@field("QueryRoot", "productVariantsCount")
def variants_count(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Count of variants matching a query."""
    return {"count": len(_variant_candidates(store_of(info), args.get("query"))), "precision": "EXACT"}


@field("Product", "variants")
def product_variants_conn(p: Product, info: Info, **args: Any) -> dict[str, Any]:
    """A product's variants in position order."""
    store = store_of(info)
    items = [store.variants[v] for v in p.variant_ids]
    return page(items, args, lambda v: v.id, lambda v: v.position)


@field("Product", "variantsCount")
def product_variants_count(p: Product, _info: Info) -> dict[str, Any]:
    """Number of variants."""
    return {"count": len(p.variant_ids), "precision": "EXACT"}


@field("Product", "totalInventory")
def total_inventory(p: Product, info: Info) -> int:
    """Available units over all variants and locations."""
    store = store_of(info)
    return sum(
        level.available
        for v in p.variant_ids
        for level in store.items[store.variants[v].inventory_item_id].levels.values()
    )


@field("Product", "tracksInventory")
def tracks_inventory(p: Product, info: Info) -> bool:
    """Whether any variant's inventory is tracked."""
    store = store_of(info)
    return any(store.items[store.variants[v].inventory_item_id].tracked for v in p.variant_ids)


@field("Product", "options")
def product_options(p: Product, _info: Info, first: int | None = None) -> list[Any]:
    """Option definitions (first N)."""
    return p.options[: first if first is not None else len(p.options)]


@field("ProductOption", "optionValues")
def option_values(o: ProductOption, _info: Info) -> list[dict[str, Any]]:
    """ProductOptionValue records of an option."""
    return [
        {"id": gid("ProductOptionValue", o.id * 100 + i), "name": v, "hasVariants": True}
        for i, v in enumerate(o.values)
    ]


@field("Product", "metafields")
def product_metafields(p: Product, _info: Info, **args: Any) -> dict[str, Any]:
    """Metafields, optionally filtered by namespace."""
    items = [m for m in p.metafields if not args.get("namespace") or m.namespace == args["namespace"]]
    return page(items, args, lambda m: m.id)


@field("Product", "metafield")
def product_metafield(p: Product, _info: Info, key: str, namespace: str | None = None) -> Metafield | None:
    """One metafield by namespace and key (key may be "namespace.key")."""
    if namespace is None and "." in key:
        namespace, key = key.split(".", 1)
    return next((m for m in p.metafields if m.key == key and m.namespace == namespace), None)


@field("Product", "media")
def product_media(p: Product, _info: Info, **args: Any) -> dict[str, Any]:
    """Product images."""
    return page(p.media, args, lambda m: m.id)


@field("MediaImage", "image")
def media_image(m: MediaImage, _info: Info) -> dict[str, Any]:
    """The image of a MediaImage."""
    return {"url": m.url, "altText": m.alt, "id": gid("ImageSource", m.id)}


@field("MediaImage", "status")
def media_status(_m: MediaImage, _info: Info) -> str:
    """Sandbox media are processed immediately."""
    return "READY"


@field("MediaImage", "mediaContentType")
def media_type(_m: MediaImage, _info: Info) -> str:
    """Always an image."""
    return "IMAGE"


@field("ProductVariant", "product")
def variant_product(v: Variant, info: Info) -> Product:
    """The variant's product."""
    return store_of(info).products[v.product_id]


@field("ProductVariant", "inventoryItem")
def variant_item(v: Variant, info: Info) -> Any:
    """The variant's inventory item."""
    return store_of(info).items[v.inventory_item_id]


@field("ProductVariant", "selectedOptions")
def selected_options(v: Variant, _info: Info) -> list[dict[str, str]]:
    """Option name/value pairs."""
    return [{"name": n, "value": val} for n, val in v.selected_options]


@field("ProductVariant", "inventoryQuantity")
def inventory_quantity(v: Variant, info: Info) -> int:
    """Available units over all locations."""
    item = store_of(info).items[v.inventory_item_id]
    return sum(level.available for level in item.levels.values())


@field("ProductVariant", "displayName")
def display_name(v: Variant, info: Info) -> str:
    """ "Product - Variant" display name."""
    return f"{store_of(info).products[v.product_id].title} - {v.title}"


@field("ProductVariant", "availableForSale")
def available_for_sale(v: Variant, info: Info) -> bool:
    """Sellable when stock is positive or overselling is allowed."""
    return v.inventory_policy == "CONTINUE" or inventory_quantity(v, info) > 0


@field("Product", "isGiftCard")
def is_gift_card(p: Product, info: Info) -> bool:
    """Gift-card products have untracked, non-shipping variants of type 'Gift card'."""
    return p.product_type.lower() == "gift card"


@field("Product", "hasOnlyDefaultVariant")
def only_default_variant(p: Product, info: Info) -> bool:
    """True for a single 'Default Title' variant."""
    return [o.name for o in p.options] == ["Title"] and len(p.variant_ids) == 1


@field("Product", "description")
def description(p: Product, _info: Info) -> str:
    """Description without HTML tags."""
    return re.sub(r"<[^>]+>", "", p.description_html)
