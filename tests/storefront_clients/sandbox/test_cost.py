"""Query cost (calibrated on captures), leaky bucket, THROTTLED and MAX_COST_EXCEEDED."""

from __future__ import annotations

import json

import httpx
import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, validate

from storefront_clients.sandbox.bucket import LeakyBucket
from storefront_clients.sandbox.cost import operation_cost
from storefront_clients.sandbox.schema import executable_schema
from tests.support.databases import IN_CI
from tests.support.gql import Gql
from tests.support.paths import CAPTURES


def _captured_operations() -> list[tuple[str, dict[str, object], int]]:
    found = []
    for path in sorted(CAPTURES.rglob("*.json")):
        stack = [json.loads(path.read_text())]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                cost = (
                    (node.get("response") or {}).get("extensions", {}).get("cost")
                    if isinstance(node.get("response"), dict)
                    else None
                )
                if isinstance(node.get("query"), str) and cost:
                    found.append((node["query"], node.get("variables") or {}, cost["requestedQueryCost"]))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return found


@pytest.mark.skipif(not CAPTURES.exists() and not IN_CI, reason="shared captures not available")
def test_requested_cost_matches_most_captured_costs() -> None:
    schema = executable_schema("2026-07")
    exact = total = 0
    for query, variables, wanted in _captured_operations():
        doc = parse(query)
        if validate(schema, doc):
            continue
        op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
        frags = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
        total += 1
        exact += operation_cost(schema, op, frags, variables) == wanted
    assert total > 100
    assert exact / total >= 0.7


def cost_spread() -> dict[str, float]:
    """Sandbox requested cost / Shopify's captured requestedQueryCost over every captured operation."""
    schema = executable_schema("2026-07")
    ratios: list[float] = []
    for query, variables, wanted in _captured_operations():
        doc = parse(query)
        if validate(schema, doc) or not wanted:
            continue
        op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
        frags = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
        ratios.append(operation_cost(schema, op, frags, variables) / wanted)
    ratios.sort()
    n = len(ratios)
    return {
        "operations": n,
        "exact": sum(r == 1 for r in ratios) / n,
        "p10": ratios[n // 10],
        "median": ratios[n // 2],
        "p90": ratios[9 * n // 10],
        "within_25pct": sum(0.75 <= r <= 1.25 for r in ratios) / n,
    }


@pytest.mark.skipif(not CAPTURES.exists(), reason="shared captures not available")
def test_cost_spread_against_every_captured_cost() -> None:
    spread = cost_spread()
    print("sandbox/captured requestedQueryCost:", {k: round(v, 3) for k, v in spread.items()})
    assert spread["operations"] > 100
    assert 0.95 <= spread["median"] <= 1.05
    assert spread["p10"] >= 0.85
    assert spread["p90"] <= 1.2
    assert spread["within_25pct"] >= 0.9


async def test_every_answer_has_cost_extension(gql: Gql, client: httpx.AsyncClient) -> None:
    frozen = {"time_scale": 0.000001, "fill": True}  # no refill during the call: exact numbers
    assert (await client.post("/_sandbox/config", json=frozen)).status_code == 200
    body = await gql("{ products(first: 10) { nodes { id variants(first: 5) { nodes { sku } } } } }")
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] >= cost["actualQueryCost"] > 0
    assert cost["throttleStatus"] == {
        "maximumAvailable": 2000,
        "currentlyAvailable": 2000 - cost["actualQueryCost"],
        "restoreRate": 100,
    }


async def test_max_cost_exceeded(gql: Gql) -> None:
    query = """{ products(first: 250) { nodes { variants(first: 250) { nodes { inventoryItem {
        inventoryLevels(first: 50) { nodes { id } } } } } } } }"""
    body = await gql(query)
    assert "data" not in body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["maxCost"] == 1000
    assert error["message"].startswith(
        f"Query cost is {error['extensions']['cost']}, which exceeds the single query max cost limit (1000)."
    )


async def test_throttled_when_bucket_is_empty(gql: Gql, client: httpx.AsyncClient) -> None:
    small = {"bucket_size": 30, "restore_rate": 1, "time_scale": 0.0001, "fill": True}
    assert (await client.post("/_sandbox/config", json=small)).status_code == 200
    query = "{ products(first: 4) { nodes { id } } }"  # requested 2 + ceil(2*1) = 4
    statuses = []
    for _ in range(10):
        body = await gql(query)
        statuses.append(body["errors"][0]["extensions"]["code"] if "errors" in body else "OK")
    assert statuses[:7] == ["OK"] * 7
    assert statuses[7] == "THROTTLED"
    assert body["errors"][0]["message"] == "Throttled"
    assert body["extensions"]["cost"]["actualQueryCost"] is None
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] < 4


def test_bucket_refills_with_time_scale() -> None:
    now = [0.0]
    bucket = LeakyBucket(100, 10, time_scale=5, clock=lambda: now[0])
    assert bucket.try_take(100)
    assert not bucket.try_take(1)
    now[0] = 1.0  # one real second = five simulated seconds = 50 points
    assert bucket.status()["currentlyAvailable"] == 50
    bucket.give_back(1000)
    assert bucket.status()["currentlyAvailable"] == 100
