"""catalog_get_config: tell RetailOps to send every SKU of a product when any one changes."""

from __future__ import annotations

from connector.retailops import CatalogGetConfigRequest
from connector.retailops.responses import CatalogGetConfigResponse
from connector.services import Services


async def handle(services: Services, request: CatalogGetConfigRequest) -> CatalogGetConfigResponse:
    """Shopify's productSet replaces a product's whole variant list, so fan-out is required."""
    return CatalogGetConfigResponse(sku_fanout="related_skus")
