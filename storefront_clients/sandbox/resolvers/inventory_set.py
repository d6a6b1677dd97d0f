"""The `inventorySetQuantities` mutation: atomic absolute sets with compare-and-swap."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, value_from_ast_untyped

from storefront_clients.sandbox import idempotency
from storefront_clients.sandbox.catalog_models import InventoryItem, Location
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field

from .common import ctx, idempotent, store_of, user_error

NAMES = ("available", "on_hand")
REASONS = {
    "correction",
    "cycle_count_available",
    "damaged",
    "movement_created",
    "movement_updated",
    "movement_received",
    "movement_canceled",
    "other",
    "promotion",
    "quality_control",
    "received",
    "reservation_created",
    "reservation_deleted",
    "reservation_updated",
    "restock",
    "safety_stock",
    "shrinkage",
}
MAX_QUANTITY = 1_000_000_000
MAX_ITEMS = 250
# Key rules: schema enum InventorySetQuantitiesUserErrorCode (IDEMPOTENCY_* values and descriptions).
POLICY = idempotency.Policy(
    failed=idempotency.user_errors_failed,
    refusal=idempotency.user_error_refusal({"inventoryAdjustmentGroup": None}),
)


def _raw_quantities(info: Info) -> list[Any]:
    """The quantities as sent (coercion drops absent keys; we need to see them)."""
    arg = next(a for a in info.field_nodes[0].arguments or () if a.name.value == "input")
    raw = value_from_ast_untyped(arg.value, dict(ctx(info).variables))
    return list(raw.get("quantities") or []) if isinstance(raw, dict) else []


@field("Mutation", "inventorySetQuantities")
def inventory_set_quantities(_root: Any, info: Info, input: dict[str, Any]) -> Any:
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
    return idempotent(
        info, "inventorySetQuantities", lambda: _apply_set(info, input), {"input": input}, POLICY
    )


def _apply_set(info: Info, data: dict[str, Any]) -> dict[str, Any]:
    store = store_of(info)
    errors: list[dict[str, Any]] = []
    name = data["name"]
    if name not in NAMES:
        errors.append(
            user_error(
                ["input", "name"],
                "The quantity name must be either 'available' or 'on_hand'.",
                "INVALID_NAME",
            )
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
                user_error(
                    [*base, "inventoryItemId"],
                    "The specified inventory item could not be found.",
                    "INVALID_INVENTORY_ITEM",
                )
            )
        if loc is None:
            errors.append(
                user_error(
                    [*base, "locationId"], "The specified location could not be found.", "INVALID_LOCATION"
                )
            )
        if quantity > MAX_QUANTITY:
            errors.append(
                user_error(
                    [*base, "quantity"],
                    "The quantity can't be higher than 1,000,000,000.",
                    "INVALID_QUANTITY_TOO_HIGH",
                )
            )
        if quantity < -MAX_QUANTITY:
            errors.append(
                user_error(
                    [*base, "quantity"],
                    "The quantity can't be lower than -1,000,000,000.",
                    "INVALID_QUANTITY_TOO_LOW",
                )
            )
        if item is None or loc is None:
            continue
        level = item.levels.get(loc.id)
        if level is None:
            errors.append(
                user_error(
                    [*base, "locationId"],
                    "The specified inventory item is not stocked at the location.",
                    "ITEM_NOT_STOCKED_AT_LOCATION",
                )
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
                {
                    "name": qname,
                    "delta": delta,
                    "quantityAfterChange": after,
                    "item": item,
                    "location": loc,
                    "ledgerDocumentUri": None,
                }
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
def group_changes(group: dict[str, Any], _info: Info, **args: Any) -> list[Any]:
    """Changes, optionally filtered by quantity name / item / location."""
    changes: list[dict[str, Any]] = group["changes"]
    names = args.get("quantityNames")
    return [c for c in changes if not names or c["name"] in names]
