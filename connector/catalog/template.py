"""Validate catalog_push template_output against the published schema and build ProductInputs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from storefront_clients.base import (
    Metafield,
    ProductImage,
    ProductInput,
    ProductOption,
    ProductStatus,
    VariantInput,
)

SCHEMA_PATH = Path(__file__).with_name("template_schema.json")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The published template schema (also served in docs/catalog_template.md)."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
    return loaded


@lru_cache(maxsize=1)
def _product_validator() -> Draft4Validator:
    root = schema()
    return Draft4Validator({**root["definitions"]["product"], "definitions": root["definitions"]})


@dataclass(frozen=True)
class TemplateProblem:
    """Why one product of the template was not accepted."""

    index: int
    handle: str | None
    skus: tuple[str, ...]
    message: str


def _json_ready(value: Any) -> Any:
    # jsonschema's "number" check rejects Decimal in draft-04 type checks; validate a float view.
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


def parse_products(template: dict[str, Any]) -> tuple[list[ProductInput], list[TemplateProblem]]:
    """Each valid product as a ProductInput, and one problem per invalid product (others unaffected)."""
    raw = template.get("products")
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [TemplateProblem(-1, None, (), "template_output.products must be an array")]
    products: list[ProductInput] = []
    problems: list[TemplateProblem] = []
    for index, item in enumerate(raw):
        handle = item.get("handle") if isinstance(item, dict) else None
        variants = item.get("variants") if isinstance(item, dict) else None
        skus = (
            tuple(
                str(v["sku"]) for v in variants or [] if isinstance(v, dict) and isinstance(v.get("sku"), str)
            )
            if isinstance(variants, list)
            else ()
        )
        errors = sorted(_product_validator().iter_errors(_json_ready(item)), key=lambda e: list(e.path))
        if errors:
            first = errors[0]
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.path)
            problems.append(
                TemplateProblem(index, handle, skus, f"products[{index}]{where}: {first.message}")
            )
            continue
        problem = _check_consistency(item)
        if problem:
            problems.append(TemplateProblem(index, handle, skus, f"products[{index}]: {problem}"))
            continue
        products.append(_product(item))
    return products, problems


def _check_consistency(item: dict[str, Any]) -> str | None:
    options = [o["name"] for o in item.get("options", [])]
    seen: set[str] = set()
    combos: set[tuple[str, ...]] = set()
    for variant in item["variants"]:
        if variant["sku"] in seen:
            return f"SKU {variant['sku']!r} appears twice"
        seen.add(variant["sku"])
        values = variant.get("option_values", {})
        if options and set(values) != set(options):
            return f"variant {variant['sku']!r} must give a value for each option {options}"
        combo = tuple(values.get(o, "") for o in options)
        if options and combo in combos:
            return f"variant {variant['sku']!r} repeats option values {list(combo)}"
        combos.add(combo)
    if not options and len(item["variants"]) > 1:
        return "a product with several variants needs options"
    return None


def _money(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _metafields(items: list[dict[str, Any]]) -> tuple[Metafield, ...]:
    return tuple(Metafield(m["namespace"], m["key"], m["type"], m["value"]) for m in items)


def _product(item: dict[str, Any]) -> ProductInput:
    option_names = [o["name"] for o in item.get("options", [])]
    variants = tuple(
        VariantInput(
            sku=v["sku"],
            price=_money(v["price"]),
            option_values=tuple((n, v["option_values"][n]) for n in option_names),
            barcode=v.get("barcode"),
            compare_at_price=_money(v["compare_at_price"]) if v.get("compare_at_price") is not None else None,
            weight=_money(v["weight"]) if v.get("weight") is not None else None,
            weight_unit=v.get("weight_unit", "KILOGRAMS"),
            taxable=v.get("taxable", True),
            requires_shipping=v.get("requires_shipping", True),
            metafields=_metafields(v.get("metafields", [])),
        )
        for v in item["variants"]
    )
    return ProductInput(
        handle=item["handle"],
        title=item["title"],
        variants=variants,
        description_html=item.get("description_html"),
        vendor=item.get("vendor"),
        product_type=item.get("product_type"),
        status=ProductStatus(item.get("status", "active").upper()),
        tags=tuple(item.get("tags", [])),
        options=tuple(ProductOption(o["name"], tuple(o["values"])) for o in item.get("options", [])),
        images=tuple(ProductImage(i["url"], i.get("alt")) for i in item.get("images", [])),
        metafields=_metafields(item.get("metafields", [])),
    )
