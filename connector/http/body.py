"""Read a RetailOps request body within limits and parse it as a JSON object (Decimals kept exact)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from starlette.requests import Request

from connector.http.errors import ApiError
from connector.retailops import EventCode

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


async def read_limited(request: Request, limit: int) -> bytes:
    """The raw body, refusing (413) anything over `limit` bytes without buffering it all."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise ApiError.too_large(limit)
        except ValueError as exc:
            raise ApiError.bad_request(EventCode.BAD_JSON, "Content-Length is not a number") from exc
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError.too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def nesting_depth(raw: bytes) -> int:
    """Deepest array/object nesting of a JSON text, found with regexes (no recursion, no parse)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub(b"", raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def parse_object(raw: bytes, max_depth: int) -> dict[str, Any]:
    """Parse a JSON object with exact decimals; 400 for anything else, too deep or not UTF-8."""
    if not raw.strip():
        raise ApiError.bad_request(EventCode.BAD_JSON, "The request body is empty; a JSON object is required")
    if nesting_depth(raw) > max_depth:
        raise ApiError.bad_request(EventCode.BAD_JSON, f"The JSON body nests deeper than {max_depth} levels")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError.bad_request(EventCode.BAD_JSON, "The request body is not UTF-8") from exc
    try:
        value = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ApiError.bad_request(EventCode.BAD_JSON, f"The request body is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ApiError.bad_request(
            EventCode.BAD_JSON,
            f"The request body must be a JSON object, not {type(value).__name__}",
        )
    # Only a \u escape can carry a lone surrogate or a NUL into a valid UTF-8 JSON text.
    if b"\\u" in raw:
        _check_strings(value)
    return value


def _check_strings(body: dict[str, Any]) -> None:
    """Refuse (400, naming the field) a lone UTF-16 surrogate or a NUL in any string or key.

    `"\\ud800"` is valid JSON but not Unicode: it cannot be encoded for the database, the token
    check or the store; PostgreSQL text cannot hold NUL. No layer below ever sees one.
    """
    stack: list[tuple[str, Any]] = [("", body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            _check_text(value, path or "(body)")
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, f"a key in {path or '(body)'}")
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))


def _check_text(text: str, where: str) -> None:
    if _SURROGATE.search(text):
        raise ApiError.bad_request(
            EventCode.BAD_JSON, f"{where}: text holds a lone UTF-16 surrogate (\\ud800-\\udfff), not Unicode"
        )
    if "\x00" in text:
        raise ApiError.bad_request(EventCode.BAD_JSON, f"{where}: text holds a NUL character (\\u0000)")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
