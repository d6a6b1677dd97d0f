"""Resolver registry: resolver modules register (type, field) functions; bound per schema version."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from functools import lru_cache, wraps
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, is_abstract_type

Resolver = Callable[..., Any]

_FIELDS: dict[tuple[str, str], Resolver] = {}
_TYPENAMES: dict[type, str] = {}


def field(type_name: str, *field_names: str) -> Callable[[Resolver], Resolver]:
    """Register a resolver for one or more fields of a GraphQL object type."""

    def register(fn: Resolver) -> Resolver:
        for name in field_names:
            _FIELDS[(type_name, name)] = fn
        return fn

    return register


def typename(python_type: type, graphql_name: str) -> None:
    """Declare which GraphQL object type a Python record class resolves to (Node, unions)."""
    _TYPENAMES[python_type] = graphql_name


def resolve_typename(value: Any) -> str | None:
    """GraphQL type name of a resolved value: dict `__typename` or registered record class."""
    if isinstance(value, Mapping):
        name = value.get("__typename")
        return name if isinstance(name, str) else None
    return _TYPENAMES.get(type(value))


@lru_cache(maxsize=512)
def snake(name: str) -> str:
    """camelCase GraphQL field name -> snake_case attribute name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def default_resolver(source: Any, info: GraphQLResolveInfo, **_args: Any) -> Any:
    """Fallback: dict key or snake_case attribute of the parent record (None when absent)."""
    if isinstance(source, Mapping):
        return source.get(info.field_name)
    return getattr(source, snake(info.field_name), None)


def _type_resolver(value: Any, _info: GraphQLResolveInfo, _abstract: Any) -> str | None:
    return resolve_typename(value)


def _tolerant(fn: Resolver) -> Resolver:
    """Drop schema arguments a resolver does not declare (versions add optional arguments)."""
    params = inspect.signature(fn).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn
    accepted = set(params)

    @wraps(fn)
    def call(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        return fn(source, info, **{k: v for k, v in args.items() if k in accepted})

    return call


def bind(schema: GraphQLSchema) -> None:
    """Attach every registered resolver and the abstract-type resolver to a schema copy."""
    for (type_name, field_name), fn in _FIELDS.items():
        gql_type = schema.get_type(type_name)
        if isinstance(gql_type, GraphQLObjectType) and field_name in gql_type.fields:
            gql_type.fields[field_name].resolve = _tolerant(fn)
    for gql_type in schema.type_map.values():
        if is_abstract_type(gql_type):
            gql_type.resolve_type = _type_resolver  # type: ignore[union-attr]
