"""Helpers shared by resolver modules: context access, user errors, ids, idempotency."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from graphql import GraphQLError, GraphQLString, value_from_ast

from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

if TYPE_CHECKING:
    from storefront_clients.sandbox.executor import ExecContext

T = TypeVar("T")

IDEMPOTENT_REQUIRED = "The @idempotent directive is required for this mutation but was not provided."


def ctx(info: Info) -> ExecContext:
    """The executor context of this request."""
    return info.context  # type: ignore[no-any-return]


def store_of(info: Info) -> Store:
    """The store this request runs against."""
    return ctx(info).runtime.store


def user_error(path: list[str] | None, message: str, code: str | None = None) -> dict[str, Any]:
    """A userErrors entry (field, message, code)."""
    return {"field": path, "message": message, "code": code}


def not_found(message: str = "invalid id") -> GraphQLError:
    """Shopify's top-level RESOURCE_NOT_FOUND error for a mutation given an unknown id."""
    return GraphQLError(message, extensions={"code": "RESOURCE_NOT_FOUND"})


def register_gid(type_name: str, kind: str | None = None) -> None:
    """Resolve `id` as a gid and `legacyResourceId` as the number for a record type."""
    kind = kind or type_name

    @field(type_name, "id")
    def _id(source: Any, _info: Info) -> str:
        return gid(kind, source.id)

    @field(type_name, "legacyResourceId")
    def _legacy(source: Any, _info: Info) -> str:
        return str(source.id)


def idempotency_key(info: Info) -> str | None:
    """Value of the field's @idempotent(key:) directive, if present."""
    for directive in info.field_nodes[0].directives or ():
        if directive.name.value != "idempotent":
            continue
        for arg in directive.arguments or ():
            if arg.name.value == "key":
                value = value_from_ast(arg.value, GraphQLString, dict(ctx(info).variables))
                return value if isinstance(value, str) else None
    return None


def idempotent(info: Info, mutation: str, apply: Callable[[], T]) -> T:
    """Run a mutation once per @idempotent key; a retry returns the first payload unchanged."""
    key = idempotency_key(info)
    if key is None:
        raise GraphQLError(IDEMPOTENT_REQUIRED, extensions={"code": "BAD_REQUEST"})
    store = store_of(info)
    cached = store.idempotency.get((mutation, key))
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    payload = apply()
    store.idempotency[(mutation, key)] = payload
    return payload


def numeric_id(value: object, kind: str) -> int | None:
    """Numeric id from a gid of the given kind (None when malformed or another kind)."""
    return parse_gid(value, kind)
