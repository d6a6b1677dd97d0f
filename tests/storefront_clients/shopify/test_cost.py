"""The cost estimate, calibrated on every captured requestedQueryCost, and page sizing from it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from storefront_clients.shopify import documents
from storefront_clients.shopify.cost import estimate_cost
from storefront_clients.shopify.paging import COST_BUDGET, OrderSizes, largest_fitting, shrunk
from tests.support.paths import CAPTURES


def _samples() -> list[tuple[str, dict[str, Any], float]]:
    """(query, variables, requestedQueryCost) of every captured call that names its query."""
    found: dict[tuple[str, str], tuple[str, dict[str, Any], float]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            response = node.get("response")
            if isinstance(node.get("query"), str) and isinstance(response, dict):
                cost = (response.get("extensions") or {}).get("cost")
                if cost:
                    variables = node.get("variables") or {}
                    key = (node["query"], json.dumps(variables, sort_keys=True))
                    found[key] = (node["query"], variables, float(cost["requestedQueryCost"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(CAPTURES.rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return list(found.values())


SAMPLES = _samples()


def test_enough_calibration_samples() -> None:
    assert len(SAMPLES) >= 100


def test_estimate_matches_most_captured_costs_exactly() -> None:
    exact = sum(1 for query, variables, cost in SAMPLES if estimate_cost(query, variables) == cost)
    assert exact / len(SAMPLES) >= 0.8


def test_estimate_is_within_a_factor_of_two_nearly_everywhere() -> None:
    close = [
        (query, cost)
        for query, variables, cost in SAMPLES
        if cost / 2 <= estimate_cost(query, variables) <= cost * 2
    ]
    assert len(close) / len(SAMPLES) >= 0.93


def test_nested_connections_are_charged_once_not_per_parent() -> None:
    query = (
        "query Q($id: ID!) { order(id: $id) { fulfillments(first: 5) { status "
        "fulfillmentLineItems(first: 10) { nodes { quantity lineItem { title } } } } "
        "fulfillmentOrders(first: 10) { nodes { status lineItems(first: 10) "
        "{ nodes { remainingQuantity lineItem { title } } } } } } }"
    )
    # Captured at 58 points (fulfillment-create-multi-group, downstream read).
    assert estimate_cost(query, {"id": "x"}) == 58


def test_order_page_sizes_fit_the_budget() -> None:
    sizes = OrderSizes()

    def cost(first: int) -> float:
        return estimate_cost(documents.ORDERS_PAGE, {**sizes.variables(), "first": first})

    first = largest_fitting(250, cost)
    assert 50 <= first <= 250
    assert cost(first) <= COST_BUDGET
    if first < 250:
        assert cost(first + 1) > COST_BUDGET


def test_every_document_with_default_sizes_fits_under_the_ceiling() -> None:
    variables: dict[str, Any] = {
        **OrderSizes().variables(),
        "first": 100,
        "ids": ["gid://shopify/Order/1"] * 50,
        "variantsFirst": 250,
        "linesFirst": 100,
    }
    for name, text in documents.ALL.items():
        assert estimate_cost(text, variables) <= 1000, name


@pytest.mark.parametrize(("size", "requested", "expected"), [(100, 2000, 45), (100, None, 50), (1, 1500, 0)])
def test_shrink_after_max_cost_exceeded(size: int, requested: float | None, expected: int) -> None:
    assert shrunk(size, requested) == expected
