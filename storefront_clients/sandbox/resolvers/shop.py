"""Shop and locations resolvers (`shop`, `locations`, `location`)."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.catalog_models import Location
from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.ids import parse_gid
from storefront_clients.sandbox.registry import Info, field, typename
from storefront_clients.sandbox.store import ShopInfo

from .common import register_gid, store_of

typename(Location, "Location")
typename(ShopInfo, "Shop")
register_gid("Location")


@field("QueryRoot", "shop")
def shop(_root: Any, info: Info) -> ShopInfo:
    """The shop record."""
    return store_of(info).shop


@field("Shop", "id")
def shop_id(_shop: ShopInfo, _info: Info) -> str:
    """The shop's gid."""
    return "gid://shopify/Shop/1"


@field("QueryRoot", "locations")
def locations(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Locations by id; inactive ones only when asked."""
    items = list(store_of(info).locations.values())
    if not args.get("includeInactive"):
        items = [loc for loc in items if loc.is_active]
    return page(items, args, lambda loc: loc.id)


@field("QueryRoot", "location")
def location(_root: Any, info: Info, id: str | None = None) -> Location | None:
    """A location by id, or the primary location when no id is given."""
    store = store_of(info)
    if id is None:
        return store.primary_location
    num = parse_gid(id, "Location")
    return store.locations.get(num) if num is not None else None


@field("Location", "address")
def location_address(loc: Location, _info: Info) -> dict[str, Any]:
    """LocationAddress of a location."""
    return {
        "address1": loc.address1,
        "city": loc.city,
        "provinceCode": loc.province_code,
        "countryCode": loc.country_code,
        "zip": loc.zip,
        "formatted": [p for p in (loc.address1, loc.city, loc.zip) if p],
    }


@field("Location", "isFulfillmentService")
def location_is_fs(loc: Location, _info: Info) -> bool:
    """Whether a fulfilment service app owns the location."""
    return loc.fulfillment_service is not None


@field("Location", "fulfillmentService")
def location_fs(loc: Location, _info: Info) -> dict[str, Any] | None:
    """The fulfilment service owning the location (handle, name), if any."""
    if loc.fulfillment_service is None:
        return None
    return {
        "handle": loc.fulfillment_service,
        "serviceName": loc.name,
        "id": "gid://shopify/FulfillmentService/1",
    }


@field("Shop", "url", "contactEmail")
def shop_url(shop: ShopInfo, info: Info) -> str:
    """Storefront URL and contact email."""
    return f"https://{shop.myshopify_domain}" if info.field_name == "url" else shop.email
