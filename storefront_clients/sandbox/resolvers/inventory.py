"""Inventory resolvers: items, levels, quantities, and the `inventorySetQuantities` mutation."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from ..catalog_models import InventoryItem, InventoryLevel, Location
from ..connections import page
from ..ids import gid, parse_gid
from ..registry import field, typename
from ..search import Compiled, id_matcher, str_matcher
from .common import ctx, idempotent, register_gid, store_of, user_error

typename(InventoryItem, "InventoryItem")
typename(InventoryLevel, "InventoryLevel")
register_gid("InventoryItem")

NAMES = ("available", "on_hand")
REASONS = {
    "correction", "cycle_count_available", "damaged", "movement_created", "movement_updated",
    "movement_received", "movement_canceled", "other", "promotion", "quality_control",
    "received", "reservation_created", "reservation_deleted", "reservation_updated",
    "restock", "safety_stock", "shrinkage",
}  # fmt: skip
MAX_QUANTITY = 1_000_000_000
MAX_ITEMS = 250


def level_gid(level: InventoryLevel) -> str:
    """InventoryLevel gid in Shopify's shape (…/InventoryLevel/<n>?inventory_item_id=<item>)."""
    return f"{gid('InventoryLevel', level.id)}?inventory_item_id={level.item_id}"


@field("InventoryLevel", "id")
def inventory_level_id(level: InventoryLevel, _info: GraphQLResolveInfo) -> str:
    """Level gid."""
    return level_gid(level)


@field("InventoryLevel", "quantities")
def quantities(level: InventoryLevel, _info: GraphQLResolveInfo, names: list[str]) -> list[Any]:
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
def level_location(level: InventoryLevel, info: GraphQLResolveInfo) -> Location:
    """The level's location."""
    return store_of(info).locations[level.location_id]


@field("InventoryLevel", "item")
def level_item(level: InventoryLevel, info: GraphQLResolveInfo) -> InventoryItem:
    """The level's inventory item."""
    return store_of(info).items[level.item_id]


@field("InventoryLevel", "isActive")
def level_active(_level: InventoryLevel, _info: GraphQLResolveInfo) -> bool:
    """Sandbox levels are always active."""
    return True


@field("InventoryLevel", "canDeactivate")
def level_can_deactivate(_level: InventoryLevel, _info: GraphQLResolveInfo) -> bool:
    """Levels may be deactivated."""
    return True


@field("InventoryItem", "variant")
def item_variant(item: InventoryItem, info: GraphQLResolveInfo) -> Any:
    """The item's variant."""
    return store_of(info).variants[item.variant_id]


@field("InventoryItem", "unitCost")
def item_unit_cost(item: InventoryItem, info: GraphQLResolveInfo) -> dict[str, Any] | None:
    """Unit cost in shop currency."""
    if item.cost is None:
        return None
    return {"amount": item.cost, "currencyCode": store_of(info).shop.currency_code}


@field("InventoryItem", "inventoryLevel")
def item_level(item: InventoryItem, _info: GraphQLResolveInfo, locationId: str) -> Any:  # noqa: N803
    """The item's level at one location (null when not stocked there)."""
    num = parse_gid(locationId, "Location")
    return item.levels.get(num) if num is not None else None


@field("InventoryItem", "inventoryLevels")
def item_levels(item: InventoryItem, _info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """The item's levels by location."""
    return page(list(item.levels.values()), args, lambda lv: lv.id, lambda lv: lv.location_id)


@field("InventoryItem", "locationsCount")
def item_locations_count(item: InventoryItem, _info: GraphQLResolveInfo) -> dict[str, Any]:
    """Number of locations stocking the item."""
    return {"count": len(item.levels), "precision": "EXACT"}


@field("InventoryItem", "duplicateSkuCount")
def duplicate_sku_count(item: InventoryItem, info: GraphQLResolveInfo) -> int:
    """Other variants sharing this SKU."""
    return max(0, len(store_of(info).variant_by_sku(item.sku)) - 1) if item.sku else 0


@field("Location", "inventoryLevel")
def location_level(loc: Location, info: GraphQLResolveInfo, inventoryItemId: str) -> Any:  # noqa: N803
    """Level of an item at this location."""
    num = parse_gid(inventoryItemId, "InventoryItem")
    item = store_of(info).items.get(num) if num is not None else None
    return item.levels.get(loc.id) if item else None


@field("Location", "inventoryLevels")
def location_levels(loc: Location, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """All levels stocked at this location."""
    store = store_of(info)
    levels = [lv for lv in store.levels.values() if lv.location_id == loc.id]
    return page(levels, args, lambda lv: lv.id)


@field("QueryRoot", "inventoryItem")
def inventory_item(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:  # noqa: A002
    """An inventory item by gid."""
    num = parse_gid(id, "InventoryItem")
    return store_of(info).items.get(num) if num is not None else None


@field("QueryRoot", "inventoryItems")
def inventory_items(_root: Any, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
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
def inventory_level(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:  # noqa: A002
    """An inventory level by gid."""
    num = parse_gid(id, "InventoryLevel")
    return store_of(info).levels.get(num) if num is not None else None


def _raw_quantities(info: GraphQLResolveInfo) -> list[Any]:
    """The quantities as sent (coercion drops absent keys; we need to see them)."""
    arg = next(a for a in info.field_nodes[0].arguments if a.name.value == "input")
    from graphql import value_from_ast_untyped

    raw = value_from_ast_untyped(arg.value, dict(ctx(info).variables))
    return list(raw.get("quantities") or []) if isinstance(raw, dict) else []


@field("Mutation", "inventorySetQuantities")
def inventory_set_quantities(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> Any:  # noqa: A002
    """Atomically set absolute quantities for up to 250 (item, location) pairs."""
    rows = input["quantities"]
    if len(rows) > MAX_ITEMS:
        raise GraphQLError(
            f"The input array size of {len(rows)} is greater than the maximum allowed of {MAX_ITEMS}.",
            extensions={"code": "MAX_INPUT_SIZE_EXCEEDED"},
        )
    if any("changeFromQuantity" not in r for r in _raw_quantities(info)):
        raise GraphQLError(
            "InventoryQuantityInput must include the following argument: changeFromQuantity",
            extensions={"code": "INVALID_FIELD_ARGUMENTS"},
        )
    return idempotent(info, "inventorySetQuantities", lambda: _apply_set(info, input))


def _apply_set(info: GraphQLResolveInfo, data: dict[str, Any]) -> dict[str, Any]:
    store = store_of(info)
    errors: list[dict[str, Any]] = []
    name = data["name"]
    if name not in NAMES:
        errors.append(
            user_error(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME")
        )
    if data["reason"] not in REASONS:
        errors.append(user_error(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"))
    seen: dict[tuple[str, str], int] = {}
    targets: list[tuple[InventoryItem, Location, dict[str, Any]]] = []
    for idx, row in enumerate(data["quantities"]):
        base = ["input", "quantities", str(idx)]
        pair = (row["inventoryItemId"], row["locationId"])
        if pair in seen:
            for dup in (seen[pair], idx):
                errors.append(
                    user_error(
                        ["input", "quantities", str(dup), "locationId"],
                        "The combination of inventoryItemId and locationId must be unique.",
                        "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
                    )
                )
            continue
        seen[pair] = idx
        item_num = parse_gid(row["inventoryItemId"], "InventoryItem")
        item = store.items.get(item_num) if item_num is not None else None
        loc_num = parse_gid(row["locationId"], "Location")
        loc = store.locations.get(loc_num) if loc_num is not None else None
        quantity = row["quantity"]
        if item is None:
            errors.append(
                user_error([*base, "inventoryItemId"], "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM")
            )
        if loc is None:
            errors.append(
                user_error([*base, "locationId"], "The specified location could not be found.", "INVALID_LOCATION")
            )
        if quantity > MAX_QUANTITY:
            errors.append(
                user_error([*base, "quantity"], "The quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH")
            )
        if quantity < -MAX_QUANTITY:
            errors.append(
                user_error([*base, "quantity"], "The quantity can't be lower than -1,000,000,000.", "INVALID_QUANTITY_TOO_LOW")
            )
        if item is None or loc is None:
            continue
        level = item.levels.get(loc.id)
        if level is None:
            errors.append(
                user_error([*base, "locationId"], "The specified inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION")
            )
            continue
        current = level.available if name == "available" else level.on_hand
        compare = row.get("changeFromQuantity")
        if compare is not None and compare != current:
            errors.append(
                user_error(
                    [*base, "changeFromQuantity"],
                    "The specified compare quantity does not match the current quantity.",
                    "CHANGE_FROM_QUANTITY_STALE",
                )
            )
        targets.append((item, loc, row))
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    now = store.now()
    changes: list[dict[str, Any]] = []
    for item, loc, row in targets:
        level = item.levels[loc.id]
        delta = row["quantity"] - (level.available if name == "available" else level.on_hand)
        level.available += delta
        level.updated_at = item.updated_at = now
        if delta == 0:
            continue
        for qname, after in (("available", level.available), ("on_hand", level.on_hand)):
            changes.append(
                {"name": qname, "delta": delta, "quantityAfterChange": after, "item": item, "location": loc, "ledgerDocumentUri": None}
            )
    group = {
        "id": gid("InventoryAdjustmentGroup", store.next_id("InventoryAdjustmentGroup")),
        "createdAt": now,
        "reason": data["reason"],
        "referenceDocumentUri": data.get("referenceDocumentUri"),
        "changes": changes,
    }
    return {"inventoryAdjustmentGroup": group, "userErrors": []}


@field("InventoryAdjustmentGroup", "changes")
def group_changes(group: dict[str, Any], _info: GraphQLResolveInfo, **args: Any) -> list[Any]:
    """Changes, optionally filtered by quantity name / item / location."""
    changes: list[dict[str, Any]] = group["changes"]
    names = args.get("quantityNames")
    return [c for c in changes if not names or c["name"] in names]
