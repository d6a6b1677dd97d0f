"""Shop and locations resolvers (`shop`, `locations`, `location`)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from ..catalog_models import Location
from ..connections import page
from ..ids import parse_gid
from ..registry import field, typename
from ..store import ShopInfo
from .common import register_gid, store_of

typename(Location, "Location")
typename(ShopInfo, "Shop")
register_gid("Location")


@field("QueryRoot", "shop")
def shop(_root: Any, info: GraphQLResolveInfo) -> ShopInfo:
    """The shop record."""
    return store_of(info).shop


@field("Shop", "id")
def shop_id(_shop: ShopInfo, _info: GraphQLResolveInfo) -> str:
    """The shop's gid."""
    return "gid://shopify/Shop/1"


@field("QueryRoot", "locations")
def locations(_root: Any, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """Locations by id; inactive ones only when asked."""
    items = list(store_of(info).locations.values())
    if not args.get("includeInactive"):
        items = [loc for loc in items if loc.is_active]
    return page(items, args, lambda loc: loc.id)


@field("QueryRoot", "location")
def location(_root: Any, info: GraphQLResolveInfo, id: str | None = None) -> Location | None:  # noqa: A002
    """A location by id, or the primary location when no id is given."""
    store = store_of(info)
    if id is None:
        return store.primary_location
    num = parse_gid(id, "Location")
    return store.locations.get(num) if num is not None else None


@field("Location", "address")
def location_address(loc: Location, _info: GraphQLResolveInfo) -> dict[str, Any]:
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
def location_is_fs(_loc: Location, _info: GraphQLResolveInfo) -> bool:
    """Sandbox locations are merchant-managed."""
    return False
