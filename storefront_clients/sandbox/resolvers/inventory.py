"""Inventory read resolvers: items, levels and their named quantities."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.catalog_models import InventoryItem, InventoryLevel, Location
from storefront_clients.sandbox.connections import page
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field, typename
from storefront_clients.sandbox.search import Compiled, id_matcher, str_matcher

from .common import register_gid, store_of

typename(InventoryItem, "InventoryItem")
typename(InventoryLevel, "InventoryLevel")
register_gid("InventoryItem")


def level_gid(level: InventoryLevel) -> str:
    """InventoryLevel gid in Shopify's shape (…/InventoryLevel/<n>?inventory_item_id=<item>)."""
    return f"{gid('InventoryLevel', level.id)}?inventory_item_id={level.item_id}"


@field("InventoryLevel", "id")
def inventory_level_id(level: InventoryLevel, _info: Info) -> str:
    """Level gid."""
    return level_gid(level)


@field("InventoryLevel", "quantities")
def quantities(level: InventoryLevel, _info: Info, names: list[str]) -> list[Any]:
    """Requested quantity names (available, on_hand, committed, incoming, reserved, …)."""
    values = {
        "available": level.available,
        "on_hand": level.on_hand,
        "committed": level.committed,
    }
    return [
        {
            "id": f"gid://shopify/InventoryQuantity/{level.id}?inventory_item_id={level.item_id}&name={n}",
            "name": n,
            "quantity": values.get(n, 0),
            "updatedAt": level.updated_at,
        }
        for n in names
    ]


@field("InventoryLevel", "location")
def level_location(level: InventoryLevel, info: Info) -> Location:
    """The level's location."""
    return store_of(info).locations[level.location_id]


@field("InventoryLevel", "item")
def level_item(level: InventoryLevel, info: Info) -> InventoryItem:
    """The level's inventory item."""
    return store_of(info).items[level.item_id]


@field("InventoryLevel", "isActive")
def level_active(_level: InventoryLevel, _info: Info) -> bool:
    """Sandbox levels are always active."""
    return True


@field("InventoryLevel", "canDeactivate")
def level_can_deactivate(_level: InventoryLevel, _info: Info) -> bool:
    """Levels may be deactivated."""
    return True


@field("InventoryItem", "variant")
def item_variant(item: InventoryItem, info: Info) -> Any:
    """The item's variant."""
    return store_of(info).variants[item.variant_id]


@field("InventoryItem", "unitCost")
def item_unit_cost(item: InventoryItem, info: Info) -> dict[str, Any] | None:
    """Unit cost in shop currency."""
    if item.cost is None:
        return None
    return {"amount": item.cost, "currencyCode": store_of(info).shop.currency_code}


@field("InventoryItem", "inventoryLevel")
def item_level(item: InventoryItem, _info: Info, locationId: str) -> Any:
    """The item's level at one location (null when not stocked there)."""
    num = parse_gid(locationId, "Location")
    return item.levels.get(num) if num is not None else None


@field("InventoryItem", "inventoryLevels")
def item_levels(item: InventoryItem, _info: Info, **args: Any) -> dict[str, Any]:
    """The item's levels by location."""
    return page(list(item.levels.values()), args, lambda lv: lv.id, lambda lv: lv.location_id)


@field("InventoryItem", "locationsCount")
def item_locations_count(item: InventoryItem, _info: Info) -> dict[str, Any]:
    """Number of locations stocking the item."""
    return {"count": len(item.levels), "precision": "EXACT"}


@field("InventoryItem", "duplicateSkuCount")
def duplicate_sku_count(item: InventoryItem, info: Info) -> int:
    """Other variants sharing this SKU."""
    return max(0, len(store_of(info).variant_by_sku(item.sku)) - 1) if item.sku else 0


@field("Location", "inventoryLevel")
def location_level(loc: Location, info: Info, inventoryItemId: str) -> Any:
    """Level of an item at this location."""
    num = parse_gid(inventoryItemId, "InventoryItem")
    item = store_of(info).items.get(num) if num is not None else None
    return item.levels.get(loc.id) if item else None


@field("Location", "inventoryLevels")
def location_levels(loc: Location, info: Info, **args: Any) -> dict[str, Any]:
    """All levels stocked at this location."""
    store = store_of(info)
    levels = [lv for lv in store.levels.values() if lv.location_id == loc.id]
    return page(levels, args, lambda lv: lv.id)


@field("QueryRoot", "inventoryItem")
def inventory_item(_root: Any, info: Info, id: str) -> Any:
    """An inventory item by gid."""
    num = parse_gid(id, "InventoryItem")
    return store_of(info).items.get(num) if num is not None else None


@field("QueryRoot", "inventoryItems")
def inventory_items(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """Inventory items searchable by sku: and id:."""
    store = store_of(info)
    compiled: Compiled[InventoryItem] = Compiled(
        args.get("query"),
        {"sku": str_matcher(lambda i: i.sku), "id": id_matcher(lambda i: i.id)},
        lambda i, _o, v: (i.sku or "").lower() == v.lower(),
    )
    items = [i for i in store.items.values() if compiled.matches(i)]
    return page(items, args, lambda i: i.id)


@field("QueryRoot", "inventoryLevel")
def inventory_level(_root: Any, info: Info, id: str) -> Any:
    """An inventory level by gid."""
    num = parse_gid(id, "InventoryLevel")
    return store_of(info).levels.get(num) if num is not None else None
