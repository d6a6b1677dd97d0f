"""Fault injection through the admin API (in-process)."""

from __future__ import annotations

import httpx
import pytest

from storefront_clients.sandbox import Store
from tests.support.gql import Gql

TAG = """mutation Tag($id: ID!) { tagsAdd(id: $id, tags: ["faulted"]) { userErrors { message } } }"""


async def _faults(client: httpx.AsyncClient, *rules: dict[str, object], seed: int | None = None) -> None:
    response = await client.post("/_sandbox/faults", json={"rules": list(rules), "seed": seed})
    assert response.status_code == 200, response.text


async def test_5xx_by_operation_name_and_count(client: httpx.AsyncClient, gql: Gql) -> None:
    await _faults(client, {"kind": "http_5xx", "match": "ShopName", "count": 2, "status": 503})
    statuses = [(await gql.raw("query ShopName { shop { name } }")).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert (await gql.raw("query Other { shop { name } }")).status_code == 200
    calls = (await client.get("/_sandbox/calls")).json()["calls"]
    assert [c["fault"] for c in calls] == ["http_5xx", "http_5xx", None, None]


async def test_429_with_retry_after_and_throttled_by_root_field(client: httpx.AsyncClient, gql: Gql) -> None:
    await _faults(
        client,
        {"kind": "http_429", "match": "shop", "retry_after": 1.5},
        {"kind": "throttled", "match": "locations"},
    )
    limited = await gql.raw("{ shop { name } }")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "1.5"
    throttled = await gql("{ locations(first: 1) { nodes { id } } }")
    assert throttled["errors"][0]["extensions"]["code"] == "THROTTLED"


async def test_applied_then_500_changes_state(client: httpx.AsyncClient, gql: Gql, store: Store) -> None:
    order = next(iter(store.orders.values()))
    await _faults(client, {"kind": "applied_then_500", "match": "tagsAdd"})
    response = await gql.raw(TAG, {"id": f"gid://shopify/Order/{order.id}"})
    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "faulted" in order.tags


async def test_seeded_probability_is_deterministic(client: httpx.AsyncClient, gql: Gql) -> None:
    async def run() -> list[int]:
        await _faults(client, {"kind": "http_5xx", "count": None, "probability": 0.5}, seed=7)
        return [(await gql.raw("{ shop { name } }")).status_code for _ in range(12)]

    first, second = await run(), await run()
    assert first == second
    assert 500 in first
    assert 200 in first


async def test_unknown_fault_kind_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.post("/_sandbox/faults", json={"rules": [{"kind": "meteor"}]})
    assert response.status_code == 422


async def test_reset_fault_fails_the_request_in_process(client: httpx.AsyncClient, gql: Gql) -> None:
    await _faults(client, {"kind": "reset"})
    with pytest.raises(ConnectionResetError):
        await gql.raw("{ shop { name } }")
