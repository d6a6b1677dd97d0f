"""The shop: its name, currency, locations and primary location (called by ``ShopifyClient``)."""

from __future__ import annotations

from storefront_clients.base import Location, ShopInfo
from storefront_clients.errors import PermanentStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.parse import location, nodes, obj, page_info
from storefront_clients.shopify.transport import Transport

LOCATIONS_PAGE = 100


async def shop_info(transport: Transport) -> ShopInfo:
    """Shop name, currency, every location, and the primary location."""
    cursor: str | None = None
    locations: list[Location] = []
    while True:
        data = await transport.execute(
            documents.SHOP_INFO,
            {"first": LOCATIONS_PAGE, "after": cursor},
            operation="ShopInfo",
            idempotent=True,
        )
        locations.extend(location(n) for n in nodes(data.get("locations")))
        has_next, cursor = page_info(data.get("locations"))
        if not has_next:
            break
    shop = obj(data.get("shop"))
    primary = obj(data.get("primary")).get("id")
    if not primary:
        active = [loc for loc in locations if loc.active]
        if not active:
            raise PermanentStorefrontError("the shop has no active location")
        primary = active[0].id
    return ShopInfo(
        name=str(shop.get("name") or ""),
        currency=str(shop.get("currencyCode") or ""),
        primary_location_id=str(primary),
        locations=tuple(locations),
    )
