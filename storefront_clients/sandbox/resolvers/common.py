"""Helpers shared by resolver modules: context access, user errors, ids, idempotency."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from graphql import GraphQLError

from storefront_clients.sandbox import idempotency
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

if TYPE_CHECKING:
    from storefront_clients.sandbox.executor import ExecContext

T = TypeVar("T")

IDEMPOTENT_REQUIRED = idempotency.IDEMPOTENT_REQUIRED


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
    return idempotency.field_key(info.field_nodes[0], ctx(info).variables)


def idempotent(
    info: Info, mutation: str, apply: Callable[[], T], params: dict[str, Any], policy: idempotency.Policy
) -> T:
    """Run a mutation under Shopify's @idempotent key rules (sandbox/idempotency.py); called by resolvers."""
    return idempotency.run(
        store_of(info).idempotency, mutation, idempotency_key(info), params, ctx(info).owner, policy, apply
    )


def numeric_id(value: object, kind: str) -> int | None:
    """Numeric id from a gid of the given kind (None when malformed or another kind)."""
    return parse_gid(value, kind)
