"""The @idempotent key rules (storefront_clients/sandbox/idempotency.py) on inventorySetQuantities."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from storefront_clients.sandbox import Store
from tests.support.gql import Gql

from .test_inventory import SET, _ids, _input


def _row(store: Store, sku: str, quantity: int) -> dict[str, Any]:
    item, loc, _before = _ids(store, sku)
    return {"inventoryItemId": item, "locationId": loc, "quantity": quantity, "changeFromQuantity": None}


def _codes(data: dict[str, Any]) -> list[str]:
    return [e["code"] for e in data["inventorySetQuantities"]["userErrors"]]


async def test_same_key_other_quantities_is_a_parameter_mismatch(gql: Gql, store: Store) -> None:
    await gql.data(SET, {"input": _input([_row(store, "SBX-00004-S", 30)]), "key": "k"})
    again = await gql.data(SET, {"input": _input([_row(store, "SBX-00004-S", 31)]), "key": "k"})
    assert _codes(again) == ["IDEMPOTENCY_KEY_PARAMETER_MISMATCH"]
    assert again["inventorySetQuantities"]["userErrors"][0]["message"] == (
        "The same idempotency key cannot be used with different operation parameters."
    )
    assert again["inventorySetQuantities"]["inventoryAdjustmentGroup"] is None
    assert _ids(store, "SBX-00004-S")[2] == 30


async def test_a_key_whose_attempt_failed_is_spent(gql: Gql, store: Store) -> None:
    bad = _input([_row(store, "SBX-00004-S", 30), {**_row(store, "SBX-00004-M", 1), "locationId": "x"}])
    first = await gql.data(SET, {"input": bad, "key": "spent"})
    assert _codes(first) == ["INVALID_LOCATION"]
    retry = await gql.data(SET, {"input": bad, "key": "spent"})
    assert _codes(retry) == ["IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"]
    good = _input([_row(store, "SBX-00004-S", 30)])
    assert _codes(await gql.data(SET, {"input": good, "key": "spent"})) == [
        "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"
    ]
    assert _codes(await gql.data(SET, {"input": good, "key": "fresh"})) == []
    assert _ids(store, "SBX-00004-S")[2] == 30


async def test_a_key_in_flight_is_a_concurrent_request(
    gql: Gql, store: Store, client: httpx.AsyncClient
) -> None:
    slow = {"rules": [{"kind": "slow", "match": "inventorySetQuantities", "delay_seconds": 0.3}]}
    assert (await client.post("/_sandbox/faults", json=slow)).status_code == 200
    variables = {"input": _input([_row(store, "SBX-00004-S", 12)]), "key": "busy"}
    first = asyncio.create_task(gql.data(SET, variables))
    await asyncio.sleep(0.05)
    second = await gql.data(SET, variables)
    assert _codes(second) == ["IDEMPOTENCY_CONCURRENT_REQUEST"]
    assert _codes(await first) == []
    assert _codes(await gql.data(SET, variables)) == []  # settled: the first answer replays
    assert _ids(store, "SBX-00004-S")[2] == 12


async def test_blank_key_is_refused(gql: Gql, store: Store) -> None:
    body = await gql(SET, {"input": _input([_row(store, "SBX-00004-S", 3)]), "key": "  "})
    assert body["errors"][0]["message"] == "The idempotency key cannot be an empty string or whitespace only."
