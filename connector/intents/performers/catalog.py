"""upsert_product: productSet the whole product, then remember its variants in the SKU map."""

from __future__ import annotations

from typing import Any

from connector.intents.payloads import UpsertProduct
from connector.repo import skus
from connector.services import Services


async def upsert(services: Services, payload: UpsertProduct) -> dict[str, Any]:
    """productSet the whole product, then remember its variants in the SKU map."""
    result = await services.storefront.upsert_product(payload.product)
    await services.db.run(lambda s: skus.record(s, result.variants))
    return {"product_id": result.product_id, "skus": [v.sku for v in result.variants]}
