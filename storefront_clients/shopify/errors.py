"""The one place that knows Shopify's error shapes and maps them onto ``storefront_clients.errors``.

Called by the transport (HTTP status, transport failures, top-level GraphQL ``errors``) and by the
operations (payload ``userErrors``). Messages are built from Shopify's own texts and our operation
names only; request headers (the access token) never reach them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from storefront_clients.errors import (
    AuthenticationError,
    NoAnswerError,
    NotFoundError,
    PermanentStorefrontError,
    StorefrontError,
    ThrottledError,
    TransientStorefrontError,
    UserError,
)

THROTTLED = "THROTTLED"
MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
_NOT_FOUND_CODES = frozenset({"RESOURCE_NOT_FOUND", "NOT_FOUND"})
# userError codes that mean "the object named does not exist".
_USER_NOT_FOUND_CODES = frozenset(
    {
        "NOT_FOUND",
        "PRODUCT_DOES_NOT_EXIST",
        "PRODUCT_VARIANT_DOES_NOT_EXIST",
        "FULFILLMENT_ORDER_NOT_FOUND",
        "ORDER_NOT_FOUND",
        "LOCATION_NOT_FOUND",
        "INVENTORY_ITEM_NOT_FOUND",
    }
)
_NOT_FOUND_TEXT = re.compile(r"\b(does not exist|not found|could not be found|invalid id)\b", re.I)
# Anything that looks like a Shopify secret is cut from texts we echo, whatever their source.
_SECRET_TEXT = re.compile(r"\b(shp(?:at|ca|ss|pa|ua)_[0-9a-fA-F]+)\b")
_MAX_MESSAGE = 500


@dataclass
class MaxCostExceededError(PermanentStorefrontError):
    """The query asked for more than Shopify's single-query ceiling; callers shrink pages."""

    requested_cost: float | None = None


def redact(text: str) -> str:
    """Text safe to put in an exception or a log: token-shaped strings cut, length bounded."""
    return _SECRET_TEXT.sub("[redacted]", text)[:_MAX_MESSAGE]


def from_transport(exc: httpx.HTTPError, operation: str) -> TransientStorefrontError:
    """A network failure or timeout talking to Shopify (no response, or none in time)."""
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "transport error"
    return NoAnswerError(f"Shopify {operation}: {kind} ({type(exc).__name__})")


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The Retry-After header in seconds, when present and numeric."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def from_status(response: httpx.Response, operation: str) -> StorefrontError:
    """The exception for a non-2xx HTTP answer from the Admin API."""
    status = response.status_code
    where = f"Shopify {operation}: HTTP {status}"
    detail = _body_detail(response)
    message = f"{where} {detail}".rstrip()
    if status == 429:
        return ThrottledError(message, retry_after=retry_after_seconds(response))
    if status >= 500:
        return TransientStorefrontError(message, retry_after=retry_after_seconds(response))
    if status in (401, 403):
        return AuthenticationError(message)
    if status == 404:
        return NotFoundError(message)
    return PermanentStorefrontError(message)


def _body_detail(response: httpx.Response) -> str:
    """A short, secret-free description of an error body (Shopify's `errors` text if JSON)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, str):
        return redact(errors)
    if isinstance(errors, list):
        return redact("; ".join(_error_message(e) for e in errors))
    return ""


def _error_message(error: Any) -> str:
    if isinstance(error, Mapping):
        return str(error.get("message", ""))
    return str(error)


def error_codes(errors: Sequence[Mapping[str, Any]]) -> set[str]:
    """The `extensions.code` values of top-level GraphQL errors."""
    codes = set()
    for error in errors:
        extensions = error.get("extensions")
        if isinstance(extensions, Mapping) and isinstance(extensions.get("code"), str):
            codes.add(extensions["code"])
    return codes


def _refused_cost(errors: Sequence[Mapping[str, Any]]) -> float | None:
    """The cost Shopify names in a MAX_COST_EXCEEDED error (`extensions.cost`), if given."""
    for error in errors:
        extensions = error.get("extensions")
        if isinstance(extensions, Mapping) and extensions.get("code") == MAX_COST_EXCEEDED:
            cost = extensions.get("cost")
            if isinstance(cost, int | float) and not isinstance(cost, bool):
                return float(cost)
    return None


def from_graphql_errors(
    errors: Sequence[Mapping[str, Any]],
    operation: str,
    requested_cost: float | None = None,
) -> StorefrontError:
    """The exception for an answer carrying top-level GraphQL `errors`."""
    codes = error_codes(errors)
    text = redact("; ".join(_error_message(e) for e in errors)) or "unknown error"
    message = f"Shopify {operation}: {text}"
    if THROTTLED in codes:
        return ThrottledError(message)
    if MAX_COST_EXCEEDED in codes:
        return MaxCostExceededError(message, requested_cost=requested_cost or _refused_cost(errors))
    if INTERNAL_SERVER_ERROR in codes:
        return TransientStorefrontError(message)
    if codes & _NOT_FOUND_CODES:
        return NotFoundError(message)
    if "ACCESS_DENIED" in codes:
        required = [
            str(e["extensions"].get("requiredAccess"))
            for e in errors
            if isinstance(e.get("extensions"), Mapping) and e["extensions"].get("requiredAccess")
        ]
        if required:
            message += " (requires " + ", ".join(sorted(set(required))) + ")"
        return PermanentStorefrontError(message)
    return PermanentStorefrontError(message)


def user_errors(raw: Iterable[Mapping[str, Any]] | None) -> tuple[UserError, ...]:
    """Shopify `userErrors` as our UserError values (message, code, field path kept)."""
    result = []
    for item in raw or ():
        field = item.get("field") or ()
        code = item.get("code")
        result.append(
            UserError(
                message=redact(str(item.get("message", ""))),
                code=str(code) if code is not None else None,
                field=tuple(str(part) for part in field),
            )
        )
    return tuple(result)


# An @idempotent write whose key is still in flight: retry later, it is not a refusal (schema,
# InventorySetQuantitiesUserErrorCode.IDEMPOTENCY_CONCURRENT_REQUEST; payloads typed UserError carry
# only the message).
CONCURRENT_REQUEST = "IDEMPOTENCY_CONCURRENT_REQUEST"
CONCURRENT_MESSAGE = "This request is currently in progress, please try again."


def from_user_errors(raw: Iterable[Mapping[str, Any]] | None, operation: str) -> StorefrontError | None:
    """The exception for a mutation payload's `userErrors`, or None when there are none."""
    errors = user_errors(raw)
    if not errors:
        return None
    if any(e.code == CONCURRENT_REQUEST or e.message == CONCURRENT_MESSAGE for e in errors):
        return TransientStorefrontError(f"Shopify {operation}: the same write is still in progress")
    message = f"Shopify {operation} rejected the input"
    if all(_means_not_found(e) for e in errors):
        return NotFoundError(message, user_errors=errors)
    return PermanentStorefrontError(message, user_errors=errors)


def _means_not_found(error: UserError) -> bool:
    if error.code is not None:
        return error.code in _USER_NOT_FOUND_CODES
    return bool(_NOT_FOUND_TEXT.search(error.message))


def raise_user_errors(payload: Mapping[str, Any], operation: str, key: str = "userErrors") -> None:
    """Raise the storefront error for `payload[key]` (a mutation's userErrors), if there are any."""
    error = from_user_errors(payload.get(key), operation)
    if error is not None:
        raise error
