"""inventorySetQuantities: absolute sets, compare-and-swap, atomicity, idempotency, validation."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox import Store
from tests.support.gql import Gql

SET = """mutation($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { field message code }
  }
}"""
NO_KEY = """mutation($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { userErrors { field message code } } }"""


def _ids(store: Store, sku: str) -> tuple[str, str, int]:
    variant = store.variant_by_sku(sku)[0]
    item = store.items[variant.inventory_item_id]
    loc = store.primary_location.id
    return (
        f"gid://shopify/InventoryItem/{item.id}",
        f"gid://shopify/Location/{loc}",
        item.levels[loc].available,
    )


def _input(rows: list[dict[str, Any]], name: str = "available") -> dict[str, Any]:
    return {
        "name": name,
        "reason": "correction",
        "referenceDocumentUri": "gid://retailops/Push/1",
        "quantities": rows,
    }


async def test_set_available_and_changes(gql: Gql, store: Store) -> None:
    item, loc, before = _ids(store, "SBX-00002-L")
    rows = [
        {"inventoryItemId": item, "locationId": loc, "quantity": before + 5, "changeFromQuantity": before}
    ]
    data = (await gql.data(SET, {"input": _input(rows), "key": "k-1"}))["inventorySetQuantities"]
    assert data["userErrors"] == []
    changes = {c["name"]: c for c in data["inventoryAdjustmentGroup"]["changes"]}
    assert changes["available"]["delta"] == 5
    assert changes["available"]["quantityAfterChange"] == before + 5
    level = store.items[store.variant_by_sku("SBX-00002-L")[0].inventory_item_id].levels[
        store.primary_location.id
    ]
    assert level.available == before + 5


async def test_retry_with_same_key_returns_first_result_and_changes_nothing(gql: Gql, store: Store) -> None:
    item, loc, _before = _ids(store, "SBX-00004-S")
    first = _input([{"inventoryItemId": item, "locationId": loc, "quantity": 30, "changeFromQuantity": None}])
    one = await gql.data(SET, {"input": first, "key": "same"})
    two = await gql.data(SET, {"input": first, "key": "same"})
    assert one == two
    assert _ids(store, "SBX-00004-S")[2] == 30


async def test_compare_quantity_stale_is_atomic(gql: Gql, store: Store) -> None:
    a_item, loc, a_before = _ids(store, "SBX-00005-S")
    b_item, _loc, b_before = _ids(store, "SBX-00005-M")
    rows = [
        {"inventoryItemId": a_item, "locationId": loc, "quantity": 1, "changeFromQuantity": a_before},
        {"inventoryItemId": b_item, "locationId": loc, "quantity": 1, "changeFromQuantity": b_before + 1},
    ]
    data = (await gql.data(SET, {"input": _input(rows), "key": "cas"}))["inventorySetQuantities"]
    assert data["inventoryAdjustmentGroup"] is None
    assert [e["code"] for e in data["userErrors"]] == ["CHANGE_FROM_QUANTITY_STALE"]
    assert data["userErrors"][0]["field"] == ["input", "quantities", "1", "changeFromQuantity"]
    assert _ids(store, "SBX-00005-S")[2] == a_before  # nothing applied


async def test_real_user_errors(gql: Gql, store: Store) -> None:
    item, loc, _ = _ids(store, "SBX-00006-S")
    bad_name = _input(
        [{"inventoryItemId": item, "locationId": loc, "quantity": 1, "changeFromQuantity": None}],
        name="damaged",
    )
    data = (await gql.data(SET, {"input": bad_name, "key": "n"}))["inventorySetQuantities"]
    assert data["userErrors"] == [
        {
            "field": ["input", "name"],
            "message": "The quantity name must be either 'available' or 'on_hand'.",
            "code": "INVALID_NAME",
        }
    ]
    row = {"inventoryItemId": item, "locationId": loc, "quantity": 1, "changeFromQuantity": None}
    data = (await gql.data(SET, {"input": _input([row, row]), "key": "d"}))["inventorySetQuantities"]
    assert [e["field"] for e in data["userErrors"]] == [
        ["input", "quantities", "0", "locationId"],
        ["input", "quantities", "1", "locationId"],
    ]
    assert data["userErrors"][0]["code"] == "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"
    high = {**row, "quantity": 1_000_000_001}
    data = (await gql.data(SET, {"input": _input([high]), "key": "h"}))["inventorySetQuantities"]
    assert data["userErrors"][0]["message"] == "The quantity can't be higher than 1,000,000,000."


async def test_idempotent_directive_required(gql: Gql, store: Store) -> None:
    item, loc, _ = _ids(store, "SBX-00006-M")
    rows = [{"inventoryItemId": item, "locationId": loc, "quantity": 3, "changeFromQuantity": None}]
    body = await gql(NO_KEY, {"input": _input(rows)})
    assert body["data"] == {"inventorySetQuantities": None}
    assert (
        body["errors"][0]["message"]
        == "The @idempotent directive is required for this mutation but was not provided."
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_change_from_quantity_must_be_present(gql: Gql, store: Store) -> None:
    item, loc, _ = _ids(store, "SBX-00006-L")
    body = await gql(
        SET, {"input": _input([{"inventoryItemId": item, "locationId": loc, "quantity": 3}]), "key": "c"}
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_FIELD_ARGUMENTS"


async def test_250_items_per_call(gql: Gql, store: Store) -> None:
    rows = [
        {
            "inventoryItemId": f"gid://shopify/InventoryItem/{i}",
            "locationId": "gid://shopify/Location/1",
            "quantity": 1,
            "changeFromQuantity": None,
        }
        for i in range(251)
    ]
    body = await gql(SET, {"input": _input(rows), "key": "big"})
    assert body["errors"][0]["extensions"]["code"] == "MAX_INPUT_SIZE_EXCEEDED"
