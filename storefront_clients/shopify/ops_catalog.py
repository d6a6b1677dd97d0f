"""Catalog operations: exact SKU resolution, paged variant listing, and `productSet` upserts.

Called by ``ShopifyClient``. SKUs are not unique in Shopify: a search by `sku:` may return other
SKUs (prefix matching) or several variants with the same SKU; only exact matches are kept, and a
SKU held by more than one variant is ambiguous and left out (reported by ``SkuResolution``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from storefront_clients.base import (
    Metafield,
    ProductInput,
    ProductUpsertResult,
    VariantInput,
    VariantRef,
)
from storefront_clients.errors import PermanentStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.errors import MaxCostExceededError, raise_user_errors
from storefront_clients.shopify.paging import MAX_PAGE, shrunk
from storefront_clients.shopify.parse import nodes, obj, page_info, variant_ref
from storefront_clients.shopify.transport import Transport

log = logging.getLogger(__name__)

# SKUs per search: keeps the search string short and the answer within one page usually.
SKUS_PER_SEARCH = 25
SEARCH_PAGE = 100
_DEFAULT_OPTION = ("Title", "Default Title")


@dataclass
class SkuResolution:
    """Exact matches found, and SKUs that matched several variants (left out of `found`)."""

    found: dict[str, VariantRef] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)


def sku_term(sku: str) -> str:
    """One `sku:"…"` search term, quoted and escaped."""
    return 'sku:"' + sku.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def resolve_skus(transport: Transport, skus: Sequence[str]) -> SkuResolution:
    """Look SKUs up by search and keep exact, unambiguous matches."""
    wanted = list(dict.fromkeys(s for s in skus if s))
    matches: dict[str, list[VariantRef]] = {}
    for start in range(0, len(wanted), SKUS_PER_SEARCH):
        batch = wanted[start : start + SKUS_PER_SEARCH]
        query = " OR ".join(sku_term(s) for s in batch)
        async for ref in _variants(transport, query):
            if ref.sku in batch:
                matches.setdefault(ref.sku, []).append(ref)
    result = SkuResolution()
    for sku, refs in matches.items():
        distinct = {r.variant_id: r for r in refs}
        if len(distinct) == 1:
            result.found[sku] = next(iter(distinct.values()))
        else:
            result.ambiguous[sku] = tuple(sorted(distinct))
            log.warning("ambiguous SKU left unresolved", extra={"sku": sku, "variants": len(distinct)})
    return result


async def _variants(transport: Transport, query: str | None) -> AsyncIterator[VariantRef]:
    """Every variant (with a SKU) matching a search, page by page."""
    cursor: str | None = None
    first = SEARCH_PAGE if query else MAX_PAGE
    document = documents.VARIANTS_BY_SKU if query else documents.VARIANTS_PAGE
    operation = "VariantsBySku" if query else "VariantsPage"
    while True:
        variables: dict[str, Any] = {"first": first, "after": cursor}
        if query:
            variables["query"] = query
        try:
            data = await transport.execute(document, variables, operation=operation, idempotent=True)
        except MaxCostExceededError as exc:
            first = shrunk(first, exc.requested_cost)
            if first < 1:
                raise
            continue
        connection = data.get("productVariants")
        for node in nodes(connection):
            ref = variant_ref(node)
            if ref is not None:
                yield ref
        has_next, cursor = page_info(connection)
        if not has_next:
            return


def paged_variants(transport: Transport) -> AsyncIterator[VariantRef]:
    """Every variant with a SKU, through the paged `productVariants` connection."""
    return _variants(transport, None)


def _metafields(items: Sequence[Metafield]) -> list[dict[str, str]]:
    return [{"namespace": m.namespace, "key": m.key, "type": m.type, "value": m.value} for m in items]


def _amount(value: Decimal) -> str:
    return format(value, "f")


def _variant_input(variant: VariantInput, option_names: Sequence[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"sku": variant.sku, "tracked": True}
    item["requiresShipping"] = variant.requires_shipping
    if variant.weight is not None:
        item["measurement"] = {"weight": {"value": float(variant.weight), "unit": variant.weight_unit}}
    values = variant.option_values or ((option_names[0], _DEFAULT_OPTION[1]),)
    result: dict[str, Any] = {
        "sku": variant.sku,
        "price": _amount(variant.price),
        "compareAtPrice": (
            _amount(variant.compare_at_price) if variant.compare_at_price is not None else None
        ),
        "barcode": variant.barcode,
        "taxable": variant.taxable,
        "inventoryItem": item,
        "optionValues": [{"optionName": name, "name": value} for name, value in values],
    }
    if variant.metafields:
        result["metafields"] = _metafields(variant.metafields)
    return result


def product_set_input(product: ProductInput) -> dict[str, Any]:
    """The `ProductSetInput` for a whole product: every variant, option and field, every time."""
    if not product.variants:
        raise PermanentStorefrontError(f"product {product.handle!r} has no variants")
    if len(product.variants) > MAX_PAGE * 8:
        raise PermanentStorefrontError(f"product {product.handle!r} has too many variants")
    options = [(o.name, o.values) for o in product.options]
    if not options:
        options = [(_DEFAULT_OPTION[0], (_DEFAULT_OPTION[1],))]
    names = [name for name, _ in options]
    result: dict[str, Any] = {
        "handle": product.handle,
        "title": product.title,
        "status": product.status.value,
        "tags": list(product.tags),
        "productOptions": [
            {"name": name, "values": [{"name": v} for v in values]} for name, values in options
        ],
        "variants": [_variant_input(v, names) for v in product.variants],
    }
    for key, value in (
        ("descriptionHtml", product.description_html),
        ("vendor", product.vendor),
        ("productType", product.product_type),
    ):
        if value is not None:
            result[key] = value
    if product.images:
        result["files"] = [
            {"originalSource": image.url, "alt": image.alt, "contentType": "IMAGE"}
            for image in product.images
        ]
    if product.metafields:
        result["metafields"] = _metafields(product.metafields)
    return result


async def upsert_product(transport: Transport, product: ProductInput) -> ProductUpsertResult:
    """`productSet` (synchronous) keyed by handle; answers the product and its variants."""
    variables = {
        "input": product_set_input(product),
        "identifier": {"handle": product.handle},
        "variantsFirst": max(1, min(MAX_PAGE, len(product.variants))),
    }
    # productSet converges on the state sent: resending the same input is harmless.
    payload = await transport.mutate(
        documents.PRODUCT_SET, variables, operation="ProductSet", root="productSet", idempotent=True
    )
    # A synchronous productSet may also report errors on its operation object.
    raise_user_errors(obj(payload.get("productSetOperation")), "productSet")
    stored = obj(payload.get("product"))
    if not stored.get("id"):
        raise PermanentStorefrontError(f"Shopify productSet returned no product for {product.handle!r}")
    refs = tuple(ref for ref in (variant_ref(n) for n in nodes(obj(stored.get("variants")))) if ref)
    return ProductUpsertResult(
        product_id=str(stored["id"]), handle=str(stored.get("handle") or product.handle), variants=refs
    )
