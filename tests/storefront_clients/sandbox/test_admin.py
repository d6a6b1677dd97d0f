"""The loopback-only /_sandbox/ admin API."""

from __future__ import annotations

import httpx

from storefront_clients.sandbox import Store
from tests.support.gql import Gql


async def test_non_loopback_clients_are_refused(app: object) -> None:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as outsider:
        assert (await outsider.get("/_sandbox/calls")).status_code == 403
        assert (await outsider.post("/_sandbox/reset", json={})).status_code == 403


async def test_reset_and_seed(client: httpx.AsyncClient, store: Store) -> None:
    empty = (await client.post("/_sandbox/reset", json={})).json()
    assert empty == {"locations": [], "products": 0, "variants": 0, "orders": 0}
    seeded = (
        await client.post("/_sandbox/reset", json={"seed": True, "products": 20, "variants_per_product": 5})
    ).json()
    assert seeded["products"] == 21
    assert seeded["variants"] == 101
    assert seeded["orders"] == 19
    assert len(store.products) == 21  # the app's store object itself was refilled


async def test_add_order_and_inspect_state(client: httpx.AsyncClient, gql: Gql) -> None:
    desc = {
        "lines": [{"sku": "SBX-00007-M", "quantity": 2, "price": "10.00"}],
        "tags": ["vip"],
        "payment": "authorized",
    }
    created = await client.post("/_sandbox/orders", json=desc)
    assert created.status_code == 201
    state = created.json()
    assert state["financial_status"] == "AUTHORIZED"
    assert state["tags"] == ["vip"]
    assert state["lines"][0]["unfulfilled"] == 2
    listed = (await client.get("/_sandbox/state/orders", params={"name": state["name"]})).json()["orders"]
    assert listed == [state]
    order = await gql.data(
        "query($id: ID!) { order(id: $id) { name totalPriceSet { shopMoney { amount } } } }",
        {"id": state["id"]},
    )
    assert order["order"]["totalPriceSet"]["shopMoney"]["amount"] == "20.0"
    inventory = (await client.get("/_sandbox/state/inventory", params={"sku": "SBX-00007-M"})).json()[
        "variants"
    ][0]
    committed = [lv["committed"] for lv in inventory["levels"].values()]
    assert sum(committed) == 2
    bad = await client.post("/_sandbox/orders", json={"lines": [{"sku": "NOPE"}]})
    assert bad.status_code == 422
    assert "NOPE" in bad.json()["error"]


async def test_call_log_records_operations(client: httpx.AsyncClient, gql: Gql) -> None:
    await gql("query ShopName { shop { name } }")
    await gql("{ shop { nope } }")
    calls = (await client.get("/_sandbox/calls")).json()["calls"]
    assert calls[0]["operation"] == "ShopName"
    assert calls[0]["root_fields"] == ["shop"]
    assert calls[0]["requested_cost"] == 1
    assert calls[0]["status"] == 200
    assert calls[0]["fault"] is None
    assert calls[1]["error_code"] == "INVALID"
    assert (await client.delete("/_sandbox/calls")).json() == {"calls": []}


async def test_config_endpoint(client: httpx.AsyncClient) -> None:
    changed = (
        await client.post(
            "/_sandbox/config", json={"bucket_size": 1000, "restore_rate": 50, "max_query_cost": 500}
        )
    ).json()
    assert changed["bucket_size"] == 1000
    assert changed["restore_rate"] == 50
    assert changed["max_query_cost"] == 500
    assert changed["throttle_status"]["maximumAvailable"] == 1000


async def test_state_summary(client: httpx.AsyncClient, store: Store) -> None:
    summary = (await client.get("/_sandbox/state")).json()
    assert summary["orders"] == len(store.orders)
    assert summary["variants"] == len(store.variants)
    assert [loc["primary"] for loc in summary["locations"]] == [True, False, False]
