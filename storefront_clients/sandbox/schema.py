"""Per-version executable schema: Shopify's introspection plus sandbox scalars and resolvers."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from graphql import GraphQLScalarType, GraphQLSchema, build_client_schema

from storefront_clients.shopify.schema import SCHEMA_DIR

from . import registry
from .money import fmt_amount


def _serialize_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _serialize_decimal(value: Any) -> Any:
    return fmt_amount(value) if isinstance(value, Decimal) else value


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"Expected a decimal string, got {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"Invalid decimal: {value!r}") from exc


def _serialize_uint64(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _patch_scalars(schema: GraphQLSchema) -> None:
    """Give Shopify's custom scalars Shopify's wire formats (amounts and counts as strings)."""
    for name, serialize in (
        ("DateTime", _serialize_datetime),
        ("Decimal", _serialize_decimal),
        ("Money", _serialize_decimal),
        ("UnsignedInt64", _serialize_uint64),
    ):
        scalar = schema.get_type(name)
        if isinstance(scalar, GraphQLScalarType):
            # graphql-core 3.3 renamed serialize -> coerce_output_value; set both.
            scalar.serialize = serialize  # type: ignore[method-assign]
            if hasattr(scalar, "coerce_output_value"):
                scalar.coerce_output_value = serialize
    for name in ("Decimal", "Money"):
        scalar = schema.get_type(name)
        if isinstance(scalar, GraphQLScalarType):
            scalar.parse_value = _parse_decimal  # type: ignore[method-assign]
            if hasattr(scalar, "coerce_input_value"):
                scalar.coerce_input_value = _parse_decimal


@lru_cache(maxsize=4)
def executable_schema(version: str) -> GraphQLSchema:
    """Build (once per process) the sandbox's own schema copy for an API version."""
    from . import resolvers  # noqa: F401 - importing registers every resolver module

    with gzip.open(SCHEMA_DIR / f"admin_{version}.json.gz", "rt", encoding="utf-8") as fh:
        schema = build_client_schema(json.load(fh)["data"])
    # Shopify's introspection trips graphql-core's strict schema checks (deprecated interface
    # implementations); documents are still validated in full against it.
    schema._validation_errors = []
    _patch_scalars(schema)
    registry.bind(schema)
    return schema
