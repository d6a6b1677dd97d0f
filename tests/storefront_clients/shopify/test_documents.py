"""Every document the client sends validates against the shipped 2026-07 and 2026-10 schemas."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema, parse, specified_rules, validate
from graphql.validation import NoDeprecatedCustomRule

from storefront_clients.shopify import documents
from storefront_clients.shopify.schema import SHIPPED_VERSIONS, load_schema


def _schema(version: str) -> GraphQLSchema:
    schema = load_schema(version)
    # Shopify's own introspection breaks a graphql-core schema rule (deprecated interface
    # implementations); documents are still validated in full against it.
    schema._validation_errors = []
    return schema


@pytest.mark.parametrize("version", SHIPPED_VERSIONS)
@pytest.mark.parametrize("name", sorted(documents.ALL))
def test_document_validates_without_deprecated_fields(version: str, name: str) -> None:
    errors = validate(
        _schema(version),
        parse(documents.ALL[name]),
        [*specified_rules, NoDeprecatedCustomRule],
    )
    assert [e.message for e in errors] == []


def test_every_document_constant_is_listed() -> None:
    constants = {
        value
        for key, value in vars(documents).items()
        if key.isupper()
        and isinstance(value, str)
        and ("query" in value or "mutation" in value)
        and not value.lstrip().startswith("fragment")
    }
    listed = set(documents.ALL.values())
    assert constants - listed == set()


def test_operation_names_match_keys() -> None:
    for name, text in documents.ALL.items():
        if name in ("BulkVariants", "BulkOrders"):
            continue  # anonymous query strings passed to bulkOperationRunQuery
        assert f" {name}" in text.split("{", 1)[0] or f" {name}(" in text


def test_inventory_and_refund_carry_idempotency_key() -> None:
    for name in ("InventorySetQuantities", "RefundCreate"):
        assert "@idempotent(key: $key)" in documents.ALL[name]
