"""Shopify's `@idempotent(key:)` rules, generic over mutations; resolvers wrap their work in `run`.

Sources: the schema's `idempotent` directive description (key required non-empty), the
`InventorySetQuantitiesUserErrorCode` enum descriptions in ../shared/shopify/schema (2026-07)
for the three IDEMPOTENCY_* codes, and https://shopify.dev/changelog/posts/making-idempotency-
mandatory-for-inventory-adjustments-and-refund-mutations (the directive is required at run time
from 2026-04; a retry with the same key returns the original result).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar

from graphql import FieldNode, GraphQLError, GraphQLString, OperationDefinitionNode, value_from_ast

T = TypeVar("T")

# Changelog above: "calling these mutations without an idempotency directive will result in an error".
IDEMPOTENT_REQUIRED = "The @idempotent directive is required for this mutation but was not provided."
# Schema, directive `idempotent`: "The idempotency key cannot be an empty string or whitespace only."
BLANK_KEY = "The idempotency key cannot be an empty string or whitespace only."
# Schema, enum InventorySetQuantitiesUserErrorCode (descriptions quoted as Shopify's messages).
CONCURRENT = "IDEMPOTENCY_CONCURRENT_REQUEST"
MISMATCH = "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"
PREVIOUS_FAILED = "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"
MESSAGES = {
    CONCURRENT: "This request is currently in progress, please try again.",
    MISMATCH: "The same idempotency key cannot be used with different operation parameters.",
    PREVIOUS_FAILED: "A previous request with this idempotency key failed. Retry with a new idempotency key.",
}

State = Literal["succeeded", "failed"]


@dataclass
class KeyRecord:
    """What a key was first used with, and how that attempt ended."""

    fingerprint: str
    state: State
    payload: Any


@dataclass
class Policy:
    """How one mutation answers the key rules.

    `failed` tells whether a payload is a failed attempt (usually: userErrors not empty);
    `refusal` builds the payload for an IDEMPOTENCY_* code; `refuse_failed_retry` is True where
    Shopify documents IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED (otherwise the failed payload replays);
    `check_params` refuses a key reused with other arguments (IDEMPOTENCY_KEY_PARAMETER_MISMATCH).
    """

    failed: Callable[[Any], bool]
    refusal: Callable[[str, str], Any]
    refuse_failed_retry: bool = True
    check_params: bool = True


@dataclass
class IdempotencyLedger:
    """Keys per mutation with their first parameters and outcome, plus keys in flight."""

    records: dict[tuple[str, str], KeyRecord] = field(default_factory=dict)
    # (mutation, key) -> token of the request holding it; claimed before a request waits or runs.
    in_flight: dict[tuple[str, str], object] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self, keys: list[tuple[str, str]], owner: object) -> list[tuple[str, str]]:
        """Mark the free keys of a request as in flight; returns those it now holds."""
        held = []
        with self.lock:
            for pair in keys:
                if pair not in self.in_flight:
                    self.in_flight[pair] = owner
                    held.append(pair)
        return held

    def release(self, keys: list[tuple[str, str]], owner: object) -> None:
        """Drop the in-flight marks a request holds."""
        with self.lock:
            for pair in keys:
                if self.in_flight.get(pair) is owner:
                    del self.in_flight[pair]

    def busy_elsewhere(self, pair: tuple[str, str], owner: object) -> bool:
        """Whether another request holds this key right now."""
        with self.lock:
            holder = self.in_flight.get(pair)
        return holder is not None and holder is not owner


def _key_of(node: FieldNode, variables: Mapping[str, Any]) -> str | None:
    for directive in node.directives or ():
        if directive.name.value != "idempotent":
            continue
        for arg in directive.arguments or ():
            if arg.name.value == "key":
                value = value_from_ast(arg.value, GraphQLString, dict(variables))
                return value if isinstance(value, str) else None
    return None


def field_key(node: FieldNode, variables: Mapping[str, Any]) -> str | None:
    """The `@idempotent(key:)` value on one field node, if given."""
    return _key_of(node, variables)


def operation_keys(operation: OperationDefinitionNode, variables: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(mutation, key) of every root mutation field carrying a key; the app claims these."""
    if operation.operation.value != "mutation":
        return []
    found = []
    for sel in operation.selection_set.selections:
        if isinstance(sel, FieldNode):
            key = _key_of(sel, variables)
            if key and key.strip():
                found.append((sel.name.value, key))
    return found


def fingerprint(params: Mapping[str, Any]) -> str:
    """Canonical form of a mutation's arguments: two calls match when these are equal."""
    return json.dumps(params, sort_keys=True, separators=(",", ":"), default=_plain)


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else repr(value)


def run(
    ledger: IdempotencyLedger,
    mutation: str,
    key: str | None,
    params: Mapping[str, Any],
    owner: object,
    policy: Policy,
    apply: Callable[[], T],
) -> T:
    """Apply a mutation under the key rules: replay, refuse (mismatch, in flight, failed) or run once."""
    if key is None:
        raise GraphQLError(IDEMPOTENT_REQUIRED, extensions={"code": "BAD_REQUEST"})
    if not key.strip():
        raise GraphQLError(BLANK_KEY, extensions={"code": "BAD_REQUEST"})
    pair = (mutation, key)
    if ledger.busy_elsewhere(pair, owner):
        return policy.refusal(CONCURRENT, MESSAGES[CONCURRENT])  # type: ignore[no-any-return]
    print_ = fingerprint(params)
    record = ledger.records.get(pair)
    if record is not None:
        if policy.check_params and record.fingerprint != print_:
            return policy.refusal(MISMATCH, MESSAGES[MISMATCH])  # type: ignore[no-any-return]
        if record.state == "failed" and policy.refuse_failed_retry:
            return policy.refusal(PREVIOUS_FAILED, MESSAGES[PREVIOUS_FAILED])  # type: ignore[no-any-return]
        return record.payload  # type: ignore[no-any-return]
    payload = apply()
    state: State = "failed" if policy.failed(payload) else "succeeded"
    ledger.records[pair] = KeyRecord(print_, state, payload)
    return payload


def user_errors_failed(payload: Any) -> bool:
    """The usual failure test: the payload carries userErrors."""
    return isinstance(payload, Mapping) and bool(payload.get("userErrors"))


def user_error_refusal(empty: Mapping[str, Any]) -> Callable[[str, str], dict[str, Any]]:
    """A refusal builder: the payload `empty` (its objects null) with one coded userError."""

    def build(code: str, message: str) -> dict[str, Any]:
        return {**empty, "userErrors": [{"field": None, "message": message, "code": code}]}

    return build
