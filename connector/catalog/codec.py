"""ProductInput ⇄ JSON payload, so a product upsert can wait in a write intent and be retried."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from storefront_clients.base import (
    Metafield,
    ProductImage,
    ProductInput,
    ProductOption,
    ProductStatus,
    VariantInput,
)


def to_payload(product: ProductInput) -> dict[str, Any]:
    """A JSON-ready dict of a product (Decimals as strings)."""

    def clean(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    data: dict[str, Any] = clean(asdict(product))
    return data


def _dec(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def from_payload(data: dict[str, Any]) -> ProductInput:
    """Rebuild the product a payload describes."""
    variants = tuple(
        VariantInput(
            sku=v["sku"],
            price=Decimal(v["price"]),
            option_values=tuple((n, val) for n, val in v["option_values"]),
            barcode=v["barcode"],
            compare_at_price=_dec(v["compare_at_price"]),
            weight=_dec(v["weight"]),
            weight_unit=v["weight_unit"],
            taxable=v["taxable"],
            requires_shipping=v["requires_shipping"],
            metafields=tuple(Metafield(**m) for m in v["metafields"]),
        )
        for v in data["variants"]
    )
    return ProductInput(
        handle=data["handle"],
        title=data["title"],
        variants=variants,
        description_html=data["description_html"],
        vendor=data["vendor"],
        product_type=data["product_type"],
        status=ProductStatus(data["status"]),
        tags=tuple(data["tags"]),
        options=tuple(ProductOption(o["name"], tuple(o["values"])) for o in data["options"]),
        images=tuple(ProductImage(**i) for i in data["images"]),
        metafields=tuple(Metafield(**m) for m in data["metafields"]),
    )
