"""Shopify's official Admin GraphQL introspection, shipped with the package (ISC, see LICENSE)."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from graphql import GraphQLSchema, build_client_schema

SCHEMA_DIR = Path(__file__).parent
SHIPPED_VERSIONS = ("2026-07", "2026-10")


@lru_cache(maxsize=4)
def load_schema(version: str) -> GraphQLSchema:
    """Build the graphql-core schema of one shipped Admin API version (cached per process)."""
    path = SCHEMA_DIR / f"admin_{version}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return build_client_schema(data["data"])
