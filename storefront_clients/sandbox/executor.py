"""The GraphQL pipeline of one request: parse, validate, cost, throttle, execute, account."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from .cost import operation_cost
from .protected_data import deny_protected
from .registry import default_resolver
from .runtime import SandboxRuntime
from .schema import executable_schema

RATE_DOC = "https://shopify.dev/api/usage/rate-limits"


@dataclass
class ExecContext:
    """What resolvers see as `info.context`."""

    runtime: SandboxRuntime
    version: str
    variables: Mapping[str, Any]
    base_url: str = ""
    # Identifies this request to the idempotency ledger (the app claims its keys with it).
    owner: object = field(default_factory=object)


@dataclass
class Outcome:
    """Result of one GraphQL request, before HTTP framing."""

    body: dict[str, Any]
    status: int = 200
    operation: str | None = None
    root_fields: list[str] = field(default_factory=list)
    requested: int | None = None
    actual: int | None = None
    error_code: str | None = None
    is_mutation: bool = False


def _max_cost_message(cost: int, limit: int) -> str:
    return (
        f"Query cost is {cost}, which exceeds the single query max cost limit ({limit}).\n\n"
        "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
        "cost of a query is calculated.\n\n"
        "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n"
        "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n"
    )


def _cost_ext(runtime: SandboxRuntime, requested: int, actual: int | None) -> dict[str, Any]:
    return {
        "cost": {
            "requestedQueryCost": requested,
            "actualQueryCost": actual,
            "throttleStatus": runtime.bucket.status(),
        }
    }


def plan(payload: Any, version: str) -> tuple[Outcome | None, Any]:
    """Parse and validate; returns an error outcome or the prepared (doc, op, vars) triple."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("query"), str):
        body = {"errors": {"query": "Required parameter missing or invalid"}}
        return Outcome(body=body, status=400), None
    schema = executable_schema(version)
    try:
        document = parse(payload["query"])
    except GraphQLSyntaxError as exc:
        return Outcome(body={"errors": [exc.formatted]}, error_code="PARSE"), None
    errors = validate(schema, document)
    if errors:
        return Outcome(body={"errors": [shopify_error(e) for e in errors]}, error_code="INVALID"), None
    op_name = payload.get("operationName")
    operation = get_operation_ast(document, op_name if isinstance(op_name, str) else None)
    if operation is None:
        message = "An operation name is required" if op_name is None else f"No operation named {op_name}"
        return Outcome(body={"errors": [{"message": message}]}, error_code="INVALID"), None
    variables = payload.get("variables") or {}
    if not isinstance(variables, Mapping):
        return Outcome(body={"errors": [{"message": "Variables must be an object"}]}), None
    return None, (document, operation, dict(variables))


def root_fields(operation: OperationDefinitionNode) -> list[str]:
    """Names of the operation's top-level fields."""
    return [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]


def run(
    runtime: SandboxRuntime, version: str, payload: Any, base_url: str = "", owner: object | None = None
) -> Outcome:
    """Execute one GraphQL request against the runtime's store with cost accounting."""
    failed, prepared = plan(payload, version)
    if failed is not None:
        return failed
    document, operation, variables = prepared
    schema = executable_schema(version)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    base = Outcome(
        body={},
        operation=operation.name.value if operation.name else None,
        root_fields=root_fields(operation),
        is_mutation=operation.operation.value == "mutation",
    )
    requested = operation_cost(schema, operation, fragments, variables)
    base.requested = requested
    limit = runtime.config.max_query_cost
    if requested > limit:
        error = {
            "message": _max_cost_message(requested, limit),
            "extensions": {
                "code": "MAX_COST_EXCEEDED",
                "cost": requested,
                "maxCost": limit,
                "documentation": RATE_DOC,
            },
        }
        base.body = {"errors": [error]}
        base.error_code = "MAX_COST_EXCEEDED"
        return base
    if not runtime.bucket.try_take(requested):
        base.body = throttled_body(runtime, requested)
        base.error_code = "THROTTLED"
        return base
    context = ExecContext(
        runtime=runtime,
        version=version,
        variables=variables,
        base_url=base_url or runtime.config.base_url,
        owner=owner if owner is not None else object(),
    )
    with runtime.store.lock:
        result = execute(
            schema,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=base.operation,
            field_resolver=default_resolver,
            middleware=[deny_protected],
        )
    if hasattr(result, "__await__"):  # resolvers are synchronous; guard for safety
        raise RuntimeError("sandbox resolvers must be synchronous")
    actual = operation_cost(schema, operation, fragments, variables, result.data or {})
    actual = min(actual, requested)
    runtime.bucket.give_back(requested - actual)
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [_format(e) for e in result.errors]
    body["data"] = result.data
    body["extensions"] = _cost_ext(runtime, requested, actual)
    base.body, base.actual = body, actual
    return base


_UNDEFINED_FIELD = re.compile(r"^Cannot query field '(\w+)' on type '(\w+)'\.")


def shopify_error(error: GraphQLError) -> dict[str, Any]:
    """A validation error, with Shopify's wording and code for the common unknown-field case."""
    formatted: dict[str, Any] = dict(error.formatted)
    match = _UNDEFINED_FIELD.match(error.message)
    if match:
        field_name, type_name = match.groups()
        formatted["message"] = f"Field '{field_name}' doesn't exist on type '{type_name}'"
        formatted["extensions"] = {"code": "undefinedField", "typeName": type_name, "fieldName": field_name}
    return formatted


def _format(error: GraphQLError) -> dict[str, Any]:
    return error.formatted  # type: ignore[return-value]


def throttled_body(runtime: SandboxRuntime, requested: int) -> dict[str, Any]:
    """Shopify's THROTTLED answer (HTTP 200)."""
    return {
        "errors": [
            {
                "message": "Throttled",
                "extensions": {"code": "THROTTLED", "documentation": RATE_DOC},
            }
        ],
        "extensions": _cost_ext(runtime, requested, None),
    }
