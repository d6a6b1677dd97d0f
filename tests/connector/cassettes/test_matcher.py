"""The GraphQL request matcher: strict on document and variables, blind only to layout."""

from __future__ import annotations

import json
from typing import Any

import pytest
from vcr.request import Request as VcrRequest

from tests.support.cassettes import graphql_matcher

from .vcr_setup import FIXED_BASE

URL = f"{FIXED_BASE}/admin/api/2026-07/graphql.json"
DOCUMENT = "mutation TagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } } }"


def _request(body: Any, url: str = URL) -> VcrRequest:
    return VcrRequest("POST", url, json.dumps(body).encode(), {})


def _call(variables: dict[str, Any], document: str = DOCUMENT, name: str = "TagsAdd") -> VcrRequest:
    return _request({"query": document, "variables": variables, "operationName": name})


def test_same_document_and_variables_match_whatever_the_layout() -> None:
    recorded = _call({"id": "gid://shopify/Order/1", "tags": ["a"]})
    live = _call({"tags": ["a"], "id": "gid://shopify/Order/1"}, DOCUMENT.replace(" { ", "\n  {\n    "))
    graphql_matcher(recorded, live)


@pytest.mark.parametrize(
    "live",
    [
        _call({"id": "gid://shopify/Order/2", "tags": ["a"]}),
        _call({"id": "gid://shopify/Order/1", "tags": ["a", "b"]}),
        _call(
            {"id": "gid://shopify/Order/1", "tags": ["a"]},
            DOCUMENT.replace("node { id }", "userErrors { field }"),
        ),
        _call({"id": "gid://shopify/Order/1", "tags": ["a"]}, name="TagsRemove"),
    ],
)
def test_any_other_variable_or_document_does_not_match(live: VcrRequest) -> None:
    recorded = _call({"id": "gid://shopify/Order/1", "tags": ["a"]})
    with pytest.raises(AssertionError):
        graphql_matcher(recorded, live)


def test_non_graphql_requests_compare_their_bodies() -> None:
    token_url = f"{FIXED_BASE}/admin/oauth/access_token"
    graphql_matcher(_request({"a": 1}, token_url), _request({"a": 1}, token_url))
    with pytest.raises(AssertionError):
        graphql_matcher(_request({"a": 1}, token_url), _request({"a": 2}, token_url))


FACTS = "query OrderFactsPage($query: String) { orders(first: 1, query: $query) { nodes { id } } }"


def test_only_the_sync_watermark_instant_is_masked() -> None:
    recorded = _call({"query": "updated_at:>='2026-12-01T12:31:56Z'"}, FACTS, "OrderFactsPage")
    graphql_matcher(
        recorded, _call({"query": "updated_at:>='2026-12-02T08:00:00Z'"}, FACTS, "OrderFactsPage")
    )
    for other in (
        "updated_at:<='2026-12-02T08:00:00Z'",
        "status:open AND updated_at:>='2026-12-02T08:00:00Z'",
    ):
        with pytest.raises(AssertionError):
            graphql_matcher(recorded, _call({"query": other}, FACTS, "OrderFactsPage"))
