"""Resolver registry: resolver modules register (type, field) functions; bound per schema version."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache, wraps
from typing import Any, TypeVar

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    is_abstract_type,
)

Resolver = Callable[..., Any]
F = TypeVar("F", bound=Resolver)
# graphql-core 3.3 makes the resolve info generic over the context type.
Info = GraphQLResolveInfo[Any]

_FIELDS: dict[tuple[str, str], Resolver] = {}
_TYPENAMES: dict[type, str] = {}


def field(type_name: str, *field_names: str) -> Callable[[F], F]:
    """Register a resolver for one or more fields of a GraphQL object type."""

    def register(fn: F) -> F:
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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NEUTRAL: dict[str, Any] = {
    "Boolean": False,
    "Int": 0,
    "Float": 0.0,
    "String": "",
    "HTML": "",
    "URL": "",
    "UnsignedInt64": 0,
    "Decimal": Decimal(0),
    "Money": Decimal(0),
    "JSON": {},
}


def neutral(gql_type: GraphQLOutputType, source: Any) -> Any:
    """A neutral value for an unmodelled non-null leaf: keeps every answer schema-valid."""
    if isinstance(gql_type, GraphQLList):
        return []
    if isinstance(gql_type, GraphQLEnumType):
        return next(iter(gql_type.values))
    if isinstance(gql_type, GraphQLScalarType):
        if gql_type.name == "DateTime":
            return getattr(source, "created_at", None) or _EPOCH
        return _NEUTRAL.get(gql_type.name)
    return None


def default_resolver(source: Any, info: Info, **_args: Any) -> Any:
    """Fallback: dict key or snake_case attribute of the parent (neutral value if non-null)."""
    if isinstance(source, Mapping):
        value = source.get(info.field_name)
    else:
        value = getattr(source, snake(info.field_name), None)
    if value is None and isinstance(info.return_type, GraphQLNonNull):
        return neutral(info.return_type.of_type, source)
    return value


def _type_resolver(value: Any, _info: Info, _abstract: Any) -> str | None:
    return resolve_typename(value)


def _tolerant(fn: Resolver) -> Resolver:
    """Drop schema arguments a resolver does not declare (versions add optional arguments)."""
    params = inspect.signature(fn).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn
    accepted = set(params)

    @wraps(fn)
    def call(source: Any, info: Info, **args: Any) -> Any:
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
            gql_type.resolve_type = _type_resolver
