"""The `productSet` mutation: declarative create/replace of a product by id or handle."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLError

from storefront_clients.sandbox.catalog_builder import ProductSpec, VariantSpec, upsert_product
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

from .common import store_of, user_error

MAX_VARIANTS = 2048
MAX_QUANTITIES = 250
MAX_LEN = 255
COST_LIMIT = Decimal("1000000000000000000")


def _size_error(size: int, limit: int, path: list[str]) -> GraphQLError:
    return GraphQLError(
        f"The input array size of {size} is greater than the maximum allowed of {limit}.",
        extensions={"code": "MAX_INPUT_SIZE_EXCEEDED"},
        path=path,
    )


def _lengths(data: dict[str, Any]) -> list[dict[str, Any]]:
    errors = []
    if len(data.get("title") or "") > MAX_LEN:
        errors.append(
            user_error(["input", "title"], "is too long (maximum is 255 characters)", "INVALID_PRODUCT")
        )
    for key, label in (("handle", "Handle"), ("vendor", "Vendor"), ("productType", "Product type")):
        if len(data.get(key) or "") > MAX_LEN:
            errors.append(
                user_error(["input"], f"{label} is too long (maximum is 255 characters)", "INVALID_PRODUCT")
            )
    return errors


def _options(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    declared = [
        (o["name"], [v["name"] for v in o.get("values") or []])
        for o in sorted(data.get("productOptions") or [], key=lambda o: o.get("position") or 0)
    ]
    if declared:
        return declared
    derived: dict[str, list[str]] = {}
    for variant in data.get("variants") or []:
        for ov in variant.get("optionValues") or []:
            values = derived.setdefault(ov.get("optionName") or "Title", [])
            if ov.get("name") not in values:
                values.append(ov.get("name") or "")
    return list(derived.items())


def _variant_specs(
    store: Store, data: dict[str, Any], options: list[tuple[str, list[str]]]
) -> tuple[list[VariantSpec], list[dict[str, Any]]]:
    specs: list[VariantSpec] = []
    errors: list[dict[str, Any]] = []
    known = dict(options)
    seen: set[tuple[tuple[str, str], ...]] = set()
    for i, raw in enumerate(data.get("variants") or []):
        base = ["input", "variants", str(i)]
        values: list[tuple[str, str]] = []
        for j, ov in enumerate(raw.get("optionValues") or []):
            name, value = ov.get("optionName") or "", ov.get("name") or ""
            if name not in known or value not in known[name]:
                errors.append(
                    user_error(
                        [*base, "optionValues", str(j)], "Option does not exist", "OPTION_DOES_NOT_EXIST"
                    )
                )
            values.append((name, value))
        order = [n for n, _ in options]
        values.sort(key=lambda nv: order.index(nv[0]) if nv[0] in order else len(order))
        key = tuple(values)
        if key in seen:
            title = " / ".join(v for _n, v in values)
            errors.append(
                user_error(
                    base, f"The variant '{title}' already exists. Please change at least one option value."
                )
            )
        seen.add(key)
        item = raw.get("inventoryItem") or {}
        cost = item.get("cost")
        if cost is not None and cost < 0:
            errors.append(
                user_error(
                    [*base, "inventoryItem", "cost"],
                    "Cost per item must be greater than or equal to 0",
                    "INVALID_VARIANT",
                )
            )
        if cost is not None and cost >= COST_LIMIT:
            errors.append(
                user_error(
                    [*base, "inventoryItem", "cost"],
                    "Cost per item must be less than 1000000000000000000",
                    "INVALID_VARIANT",
                )
            )
        price = raw.get("price")
        if price is not None and price < 0:
            errors.append(
                user_error([*base, "price"], "Price must be greater than or equal to 0", "INVALID_VARIANT")
            )
        quantities: dict[int, int] = {}
        for k, q in enumerate(raw.get("inventoryQuantities") or []):
            loc = parse_gid(q.get("locationId"), "Location")
            if loc is None or loc not in store.locations:
                errors.append(
                    user_error(
                        [*base, "inventoryQuantities", str(k), "locationId"],
                        "Location does not exist",
                        "NOT_FOUND",
                    )
                )
                continue
            quantities[loc] = q["quantity"]
        specs.append(
            VariantSpec(
                options=values or [("Title", "Default Title")],
                sku=raw.get("sku") if raw.get("sku") is not None else item.get("sku"),
                price=price if price is not None else Decimal("0"),
                compare_at_price=raw.get("compareAtPrice"),
                barcode=raw.get("barcode"),
                inventory_policy=raw.get("inventoryPolicy") or "DENY",
                taxable=raw.get("taxable", True) is not False,
                tracked=item.get("tracked", True) is not False,
                requires_shipping=item.get("requiresShipping", True) is not False,
                cost=cost,
                quantities=quantities,
                id=parse_gid(raw.get("id"), "ProductVariant"),
            )
        )
    return specs, errors


@field("Mutation", "productSet")
def product_set(
    _root: Any,
    info: Info,
    input: dict[str, Any],
    synchronous: bool = True,
    identifier: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Create or replace a product with its full variant set (lists replaced wholesale)."""
    variants = input.get("variants") or []
    if len(variants) > MAX_VARIANTS:
        raise _size_error(len(variants), MAX_VARIANTS, ["productSet", "input", "variants"])
    for v in variants:
        if len(v.get("inventoryQuantities") or []) > MAX_QUANTITIES:
            size = len(v["inventoryQuantities"])
            raise _size_error(
                size, MAX_QUANTITIES, ["productSet", "input", "variants", "inventoryQuantities"]
            )
    store = store_of(info)

    def fail(errors: list[dict[str, Any]]) -> dict[str, Any]:
        return {"product": None, "productSetOperation": None, "userErrors": errors}

    if identifier and input.get("id"):
        return fail(
            [
                user_error(
                    ["input"], "The id field is not allowed if identifier is provided.", "ID_NOT_ALLOWED"
                )
            ]
        )
    existing = None
    wanted_id = (identifier or {}).get("id") or input.get("id")
    if wanted_id:
        num = parse_gid(wanted_id, "Product")
        existing = store.products.get(num) if num is not None else None
        if existing is None:
            return fail([user_error(["input", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")])
    handle = (identifier or {}).get("handle")
    if handle and existing is None and handle in store.handles:
        existing = store.products[store.handles[handle]]
    errors = _lengths(input)
    if input.get("productOptions") and not variants:
        errors.append(
            user_error(
                ["input", "variants"],
                "Variants input is required when updating product options",
                "VARIANTS_INPUT_MISSING",
            )
        )
    title = input.get("title") or (existing.title if existing else "")
    if not title:
        errors.append(user_error(["input", "title"], "Title can't be blank", "INVALID_PRODUCT"))
    options = _options(input)
    specs, variant_errors = _variant_specs(store, input, options)
    errors.extend(variant_errors)
    if errors:
        return fail(errors)
    files = input.get("files")
    spec = ProductSpec(
        title=title,
        handle=input.get("handle") or handle or (existing.handle if existing else None),
        vendor=str(input.get("vendor") or (existing.vendor if existing else "")),
        product_type=input.get("productType") or (existing.product_type if existing else ""),
        status=input.get("status") or (existing.status if existing else "ACTIVE"),
        description_html=input.get("descriptionHtml") or (existing.description_html if existing else ""),
        tags=list(input.get("tags") or (existing.tags if existing and "tags" not in input else [])),
        options=options,
        variants=specs,
        metafields=[
            (m.get("namespace") or "custom", m["key"], m.get("type") or "single_line_text_field", m["value"])
            for m in input["metafields"]
        ]
        if input.get("metafields") is not None
        else None,
        images=[(f.get("originalSource") or "", f.get("alt") or "") for f in files]
        if files is not None
        else None,
    )
    product = upsert_product(store, spec, existing)
    operation = {
        "__typename": "ProductSetOperation",
        "id": gid("ProductSetOperation", store.next_id("ProductSetOperation")),
        "status": "COMPLETE",
        "product": product,
        "userErrors": [],
    }
    if synchronous:
        return {"product": product, "productSetOperation": None, "userErrors": []}
    return {"product": None, "productSetOperation": operation, "userErrors": []}
