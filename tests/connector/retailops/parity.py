"""Schema ↔ model parity checker used by test_parity: walks a JSON schema (properties, allOf,
items) beside a pydantic model and lists every difference in fields, types, enums and limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import MaxLen
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from connector.retailops.scalars import (
    MAX_ACKNOWLEDGED_ORDERS,
    MAX_INVENTORY_UPDATES,
    MAX_ITEMS,
    MAX_SPECIFIC_ORDERS,
)

# Deliberate deviations from the schema text, each explained in the model's docstring.
INTEGER_DECLARED_MONEY = frozenset({"return.shipping_amt", "rmas[].shipping_amt"})
DATE_TEXT_FIELDS = frozenset({"date_shipped", "estimated_ship_date"})
NULL_STRING_FIELDS = frozenset({"retailops_rma_id"})
RESPONSE_EXTENSIONS = frozenset({"events"})  # allowed only where the targetSchema lacks it


@dataclass
class Parity:
    """Walk state: which side (request or response) and the problems found so far."""

    side: Literal["request", "response"]
    problems: list[str] = field(default_factory=list)

    def fail(self, path: str, text: str) -> None:
        self.problems.append(f"{path or '(root)'}: {text}")


def merged(schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a schema, folding in its `allOf` parts."""
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        sub_properties, sub_required = merged(part)
        properties.update(sub_properties)
        required |= sub_required
    return properties, required


def unwrap(annotation: Any) -> Any:
    """Strip Annotated and `| None` to reach the structural type."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            members = [arg for arg in get_args(annotation) if arg is not NoneType]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def field_keys(model: type[BaseModel]) -> dict[str, tuple[str, FieldInfo]]:
    """JSON key → (attribute name, field) for every key a model accepts."""
    keys: dict[str, tuple[str, FieldInfo]] = {}
    for name, info in model.model_fields.items():
        keys[info.alias or name] = (name, info)
        choices = getattr(info.validation_alias, "choices", None)
        for choice in choices or ():
            if isinstance(choice, str):
                keys[choice] = (name, info)
    return keys


def _adapter(annotation: Any, metadata: list[Any]) -> TypeAdapter[Any]:
    return TypeAdapter(Annotated[(annotation, *metadata)] if metadata else annotation)


def _accepts(adapter: TypeAdapter[Any], value: Any, expected: type) -> bool:
    try:
        return isinstance(adapter.validate_python(value), expected)
    except ValidationError:
        return False


def _rejects(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return True
    return False


REQUEST_ARRAY_LIMITS = {MAX_SPECIFIC_ORDERS, MAX_ACKNOWLEDGED_ORDERS, MAX_INVENTORY_UPDATES, MAX_ITEMS}


def check_model(state: Parity, path: str, schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Compare an object schema with a model: same keys, required names, and each field."""
    properties, required = merged(schema)
    keys = field_keys(model)
    covered: set[str] = set()
    for key, sub_schema in properties.items():
        sub_path = f"{path}.{key}" if path else key
        if key not in keys:
            state.fail(sub_path, "in the schema but not in the model")
            continue
        name, info = keys[key]
        covered.add(name)
        if key in required and not info.is_required():
            state.fail(sub_path, "required by the schema, optional in the model")
        if state.side == "request" and info.is_required() and key not in required:
            state.fail(sub_path, "required by the model, optional in the schema")
        check_node(state, sub_path, sub_schema, info.annotation, list(info.metadata))
    for name in set(model.model_fields) - covered:
        if not (state.side == "response" and name in RESPONSE_EXTENSIONS and path == ""):
            state.fail(f"{path}.{name}" if path else name, "in the model but not in the schema")


def check_node(
    state: Parity, path: str, schema: dict[str, Any], annotation: Any, metadata: list[Any]
) -> None:
    """Compare one property schema with one field annotation (plus its field-level metadata)."""
    declared = schema.get("type")
    kinds = {declared} if isinstance(declared, str) else set(declared or ()) - {"null"}
    structural = unwrap(annotation)
    if kinds == {"array"}:
        limits = [item.max_length for item in metadata if isinstance(item, MaxLen)]
        schema_limits = [schema["maxItems"]] if "maxItems" in schema else []
        # Request arrays the schema leaves unbounded carry the connector's documented limits.
        own = state.side == "request" and not schema_limits and set(limits) <= REQUEST_ARRAY_LIMITS
        if limits != schema_limits and not own:
            state.fail(path, f"maxItems {schema.get('maxItems')} but model limits {limits}")
        if get_origin(structural) is not list:
            state.fail(path, f"array in the schema, {structural} in the model")
            return
        item_type = get_args(structural)[0]
        check_node(state, f"{path}[]", schema["items"], item_type, [])
    elif kinds == {"object"}:
        if "properties" in schema or "allOf" in schema:
            if isinstance(structural, type) and issubclass(structural, BaseModel):
                check_model(state, path, schema, structural)
            else:
                state.fail(path, f"object with properties in the schema, {structural} in the model")
        elif get_origin(structural) is not dict:
            state.fail(path, f"free-form object in the schema, {structural} in the model")
    else:
        check_scalar(state, path, schema, _adapter(annotation, metadata), structural)


def check_scalar(
    state: Parity,
    path: str,
    schema: dict[str, Any],
    adapter: TypeAdapter[Any],
    structural: Any,
) -> None:
    """Probe a scalar field with values the schema allows and values it must refuse."""
    kind = schema.get("type")
    kind = next(k for k in kind if k != "null") if isinstance(kind, list) else kind
    bare = path.replace("[]", "").split(".")[-1]
    if kind == "integer" and path in INTEGER_DECLARED_MONEY:
        kind = "number"
    enum = schema.get("enum")
    wrong: list[Any] = []
    if kind == "integer":
        ok = _accepts(adapter, 7, int)
        wrong = [True, "7", 7.5, Decimal("7.5")]
    elif kind == "number":
        ok = _accepts(adapter, 7, Decimal) and _accepts(adapter, Decimal("7.25"), Decimal)
        wrong = [True, "7.25"]
    elif kind == "boolean":
        ok = _accepts(adapter, True, bool)
        wrong = ["true", 1]
    elif kind == "string" and enum and all(isinstance(v, bool) for v in enum):
        ok = all(_accepts(adapter, v, bool) for v in (True, False, "true", "false"))
        wrong = ["maybe", 2]
    elif kind == "string" and enum:
        if get_origin(structural) is not Literal or set(get_args(structural)) != set(enum):
            state.fail(path, f"enum {enum} but model type {structural}")
        ok = all(_accepts(adapter, v, str) for v in enum)
        wrong = ["not-in-the-enum", 1]
    elif kind == "string" and bare in DATE_TEXT_FIELDS and state.side == "request":
        ok = _accepts(adapter, "2016-04-08T21:13:11Z", datetime)
        wrong = ["string", 7]
    elif kind == "string" and schema.get("format") == "date-time":
        ok = _accepts(adapter, datetime(2016, 4, 8, tzinfo=UTC), datetime)
        wrong = [datetime(2016, 4, 8), 7]  # a naive one must be refused
    elif kind == "string":
        shortest = "x" * max(schema.get("minLength", 1), 1)
        ok = _accepts(adapter, shortest, str)
        wrong = [7, True]
        if bare in NULL_STRING_FIELDS:
            ok = ok and adapter.validate_python("null") is None
        if "maxLength" in schema:
            ok = ok and _accepts(adapter, "x" * schema["maxLength"], str)
            wrong.append("x" * (schema["maxLength"] + 1))
        if schema.get("minLength", 0) > 1:
            wrong.append("x" * (schema["minLength"] - 1))
    else:
        state.fail(path, f"unhandled schema type {kind!r}")
        return
    if not ok:
        state.fail(path, f"model refuses a valid {kind} value")
    refused = [value for value in wrong if not _rejects(adapter, value)]
    if refused:
        state.fail(path, f"model accepts invalid {kind} values {refused!r}")


def parity_problems(
    side: Literal["request", "response"], schema: dict[str, Any], model: type[BaseModel]
) -> list[str]:
    """Every difference between a request/answer schema and its model; [] when they agree."""
    state = Parity(side)
    check_model(state, "", schema, model)
    return state.problems
