"""Bulk query operations: validators, unpaged execution and Shopify-format JSONL."""

from __future__ import annotations

import json

import httpx

from storefront_clients.sandbox import Store
from tests.support.gql import Gql

RUN = """mutation($q: String!) { bulkOperationRunQuery(query: $q) {
  bulkOperation { id status url objectCount } userErrors { field message code } } }"""
POLL = "{ currentBulkOperation { id status objectCount rootObjectCount fileSize url } }"


async def test_bulk_query_jsonl_with_parent_ids(gql: Gql, client: httpx.AsyncClient, store: Store) -> None:
    query = "{ products { edges { node { id title variants { edges { node { id sku } } } } } } }"
    started = (await gql.data(RUN, {"q": query}))["bulkOperationRunQuery"]
    assert started["userErrors"] == []
    assert started["bulkOperation"]["status"] == "CREATED"
    op = (await gql.data(POLL))["currentBulkOperation"]
    assert op["status"] == "COMPLETED"
    rows = [json.loads(line) for line in (await client.get(op["url"])).text.splitlines()]
    assert int(op["objectCount"]) == len(rows) == len(store.products) + len(store.variants)
    assert int(op["rootObjectCount"]) == len(store.products)
    first_product = rows[0]
    assert "__parentId" not in first_product
    assert "variants" not in first_product
    children = [r for r in rows if r.get("__parentId") == first_product["id"]]
    assert len(children) == len(store.products[int(first_product["id"].rsplit("/", 1)[1])].variant_ids)
    assert rows.index(children[0]) == 1  # children follow their parent


async def test_bulk_url_needs_its_token(gql: Gql, client: httpx.AsyncClient) -> None:
    await gql.data(RUN, {"q": "{ products { edges { node { id } } } }"})
    url = (await gql.data(POLL))["currentBulkOperation"]["url"]
    assert (await client.get(url.split("?")[0])).status_code == 404


async def test_bulk_validators_use_shopify_messages(gql: Gql) -> None:
    cases = {
        "{ shop { name } }": "Bulk queries must contain at least one connection.",
        "{ products { nodes { id } } }": (
            "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: "
            "'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid "
            "connection fields: 'products'."
        ),
        'mutation { tagsAdd(id: "x", tags: ["a"]) { userErrors { message } } }': (
            "Invalid operation type. Only `query` operations are supported."
        ),
        '{ node(id: "gid://shopify/Product/1") { id } }': (
            "Bulk queries cannot contain a top level `node` field."
        ),
        "{ products { edges { node { title variants { edges { node { id } } } } } } }": (
            "The parent 'node' field for a nested connection must select the 'id' field without "
            "an alias and must be of "
            "'ID' return type. Connection fields without 'id': variants."
        ),
    }
    for query, message in cases.items():
        result = (await gql.data(RUN, {"q": query}))["bulkOperationRunQuery"]
        assert result["userErrors"] == [{"field": ["query"], "message": message, "code": "INVALID"}], query
    broken = (await gql.data(RUN, {"q": "{ products { edges "}))["bulkOperationRunQuery"]
    assert broken["userErrors"][0]["message"].startswith("Invalid bulk query: ")


async def test_a_sixth_unfinished_operation_is_refused_naming_the_five(gql: Gql, store: Store) -> None:
    for _ in range(5):
        await gql.data(RUN, {"q": "{ products { edges { node { id } } } }"})
        max(store.bulk_operations.values(), key=lambda o: o.id).status = "RUNNING"
    ids = ", ".join(f"gid://shopify/BulkOperation/{i}" for i in sorted(store.bulk_operations))
    result = (await gql.data(RUN, {"q": "{ products { edges { node { id } } } }"}))["bulkOperationRunQuery"]
    assert result["userErrors"][0]["code"] == "OPERATION_IN_PROGRESS"
    assert result["userErrors"][0]["message"] == (
        f"A bulk query operation for this app and shop is already in progress: {ids}."
    )


async def test_configurable_running_polls_then_completed(
    gql: Gql, store: Store, app: object, client: httpx.AsyncClient
) -> None:
    app.state.sandbox.config.bulk_running_polls = 2  # type: ignore[attr-defined]
    started = (await gql.data(RUN, {"q": "{ products { edges { node { id } } } }"}))["bulkOperationRunQuery"]
    poll = "query($id: ID!) { node(id: $id) { ... on BulkOperation { status url } } }"
    statuses = [(await gql.data(poll, {"id": started["bulkOperation"]["id"]}))["node"] for _ in range(3)]
    assert [s["status"] for s in statuses] == ["RUNNING", "RUNNING", "COMPLETED"]
    assert statuses[0]["url"] is None
    assert (await client.get(statuses[2]["url"])).status_code == 200


async def test_bulk_operations_lists_newest_first_with_a_status_filter(gql: Gql, store: Store) -> None:
    for _ in range(3):
        await gql.data(RUN, {"q": "{ products { edges { node { id } } } }"})
    newest = max(store.bulk_operations)
    store.bulk_operations[newest].running_polls = 1
    listing = "query($q: String) { bulkOperations(first: 5, query: $q) { nodes { id status query } } }"
    every = (await gql.data(listing, {"q": "operation_type:query"}))["bulkOperations"]["nodes"]
    assert [n["id"] for n in every] == [
        f"gid://shopify/BulkOperation/{i}" for i in sorted(store.bulk_operations, reverse=True)
    ]
    assert every[0]["status"] == "RUNNING"
    assert store.bulk_operations[newest].running_polls == 1  # a listing is not one of the counted reads
    running = (await gql.data(listing, {"q": "status:running"}))["bulkOperations"]["nodes"]
    assert [n["id"] for n in running] == [f"gid://shopify/BulkOperation/{newest}"]
