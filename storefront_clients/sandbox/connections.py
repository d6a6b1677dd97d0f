"""Relay connections with Shopify-style opaque cursors; used by every list resolver."""

from __future__ import annotations

import base64
import json
from contextvars import ContextVar
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from graphql import GraphQLError

T = TypeVar("T")

# Set while a bulk operation executes: connections then return every item, unpaged.
UNPAGED: ContextVar[bool] = ContextVar("sandbox_unpaged", default=False)


def encode_cursor(record_id: int, value: object) -> str:
    """Opaque cursor in Shopify's shape: base64 of {"last_id":…, "last_value":…}."""
    payload = json.dumps({"last_id": record_id, "last_value": str(value)}, separators=(",", ":"))
    return base64.b64encode(payload.encode()).decode()


def decode_cursor(cursor: str) -> int:
    """Record id of a cursor; a malformed cursor is a GraphQL error, as on Shopify."""
    try:
        data = json.loads(base64.b64decode(cursor.encode(), validate=True))
        return int(data["last_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise GraphQLError(f"Invalid cursor for current pagination sort: {cursor}") from exc


def paginate(
    items: Sequence[T],
    args: dict[str, Any],
    record_id: Callable[[T], int],
    sort_value: Callable[[T], object] = lambda _item: "",
) -> dict[str, Any]:
    """Slice an already sorted list by first/after/last/before into a connection dict."""
    first, last = args.get("first"), args.get("last")
    if UNPAGED.get():
        first, last, args = len(items), None, {}
    if first is None and last is None:
        raise GraphQLError("you must provide one of first or last")
    start, end = 0, len(items)
    if args.get("after") or args.get("before"):
        positions = {record_id(item): i for i, item in enumerate(items)}
        if args.get("after"):
            start = positions.get(decode_cursor(args["after"]), -1) + 1
        if args.get("before"):
            end = positions.get(decode_cursor(args["before"]), end)
    window = items[start:end]
    has_next = has_prev = False
    if first is not None:
        has_next = len(window) > first or end < len(items)
        window = window[: max(first, 0)]
        has_prev = start > 0
    if last is not None:
        has_prev = len(window) > last or start > 0
        window = window[max(len(window) - last, 0) :] if last > 0 else window[:0]
    edges = [{"cursor": encode_cursor(record_id(n), sort_value(n)), "node": n} for n in window]
    return {
        "edges": edges,
        "nodes": list(window),
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_prev,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def whole(items: Sequence[T], record_id: Callable[[T], int]) -> dict[str, Any]:
    """Unpaged connection (bulk operations read everything)."""
    return paginate(items, {"first": len(items)}, record_id)
