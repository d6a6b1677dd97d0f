"""The RetailOps v1 contract as shipped in `schema/` (copied from gudtech/retailops-sdk, MIT,
see schema/LICENSE): action names, request and answer schemas, validators, official examples.

Used by the app (paths), by tests (every answer validated against `targetSchema`) and by the
conformance suite.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft4Validator, FormatChecker

__all__ = [
    "ACTIONS",
    "action_path",
    "example_request",
    "hyper_schema",
    "request_schema",
    "request_validator",
    "swagger",
    "target_schema",
    "target_validator",
]

# Catalog first, then the order life cycle: pull → acknowledge → update/cancel → ship →
# complete → settle → return (the order the SDK README lists them in).
ACTIONS: tuple[str, ...] = (
    "catalog_get_config",
    "catalog_push",
    "inventory_push",
    "order_pull",
    "order_acknowledge",
    "order_update",
    "order_cancel",
    "order_shipment_submit",
    "order_complete",
    "order_settle_payment",
    "order_returned",
)

_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _is_rfc3339(instance: object) -> bool:
    """RFC 3339 date-time check (jsonschema skips `date-time` without an optional package)."""
    if not isinstance(instance, str):
        return True
    if len(instance) < 20 or instance[10] not in "Tt":
        raise ValueError("not an RFC 3339 date-time")
    parsed = datetime.fromisoformat(instance.replace("z", "Z"))
    if parsed.tzinfo is None:
        raise ValueError("RFC 3339 date-time needs a UTC offset")
    return True


def _load(name: str) -> dict[str, Any]:
    """Read one JSON file of the packaged contract."""
    text = (files("connector.retailops") / "schema" / name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _check_action(action: str) -> None:
    """Reject a name that is not one of the eleven actions (a KeyError, like a dict lookup)."""
    if action not in ACTIONS:
        raise KeyError(f"unknown RetailOps action {action!r}")


@cache
def hyper_schema(action: str) -> dict[str, Any]:
    """The whole `<action>_v1.json` hyper-schema (cached; do not mutate)."""
    _check_action(action)
    return _load(f"{action}_v1.json")


def _link(action: str) -> dict[str, Any]:
    """The single `links[0]` entry: href, request schema, target schema."""
    link: dict[str, Any] = hyper_schema(action)["links"][0]
    return link


def action_path(action: str) -> str:
    """The path RetailOps POSTs to, e.g. `/order_pull_v1` (without any base path)."""
    href: str = _link(action)["href"]
    return href


def request_schema(action: str) -> dict[str, Any]:
    """The request body schema (`links[0].schema`) of an action (cached; do not mutate)."""
    schema: dict[str, Any] = _link(action)["schema"]
    return schema


def target_schema(action: str) -> dict[str, Any]:
    """The answer body schema (`links[0].targetSchema`) of an action (cached; do not mutate)."""
    schema: dict[str, Any] = _link(action)["targetSchema"]
    return schema


@cache
def request_validator(action: str) -> Draft4Validator:
    """Draft-04 validator of an action's request schema, with RFC 3339 date-time checking."""
    return Draft4Validator(request_schema(action), format_checker=_FORMATS)


@cache
def target_validator(action: str) -> Draft4Validator:
    """Draft-04 validator of an action's answer schema, with RFC 3339 date-time checking."""
    return Draft4Validator(target_schema(action), format_checker=_FORMATS)


@cache
def swagger() -> dict[str, Any]:
    """The contract as one Swagger 2.0 document (cached; do not mutate)."""
    return _load("swagger.json")


def example_request(action: str) -> dict[str, Any]:
    """A fresh copy of the official example request (`schema/examples/<action>_v1_ex_1.json`).

    Parsed the way the app parses bodies (numbers with a fraction become Decimal); the caller may
    mutate it, e.g. to set `integration_auth_token` as the official verifier does.
    """
    _check_action(action)
    path = files("connector.retailops") / "schema" / "examples" / f"{action}_v1_ex_1.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return loaded
