"""Relay connections with Shopify-style opaque keyset cursors; used by every list resolver."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

from graphql import GraphQLError

T = TypeVar("T")

# https://shopify.dev/docs/api/usage/pagination-graphql: "You can retrieve up to a maximum of 250 resources."
MAX_PAGE_SIZE = 250


def page_size_message(argument: str, size: int) -> str:
    """The refusal of a page larger than 250: the docs give the limit, the wording is UNSOURCED.

    No capture shows it, and searches of shopify.dev docs, GitHub issues and web pages (2026-12-01)
    found no quote of Shopify's message; the `BAD_REQUEST` code is unsourced too.
    """
    return f"The `{argument}` argument ({size}) exceeds the maximum page size of {MAX_PAGE_SIZE}."


# Set while a bulk operation executes: connections then return every item, unpaged.
UNPAGED: ContextVar[bool] = ContextVar("sandbox_unpaged", default=False)


def cursor_value(value: object) -> object:
    """JSON-comparable form of a sort value (timestamps as sortable UTC strings)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, int | str):
        return value
    return str(value)


def encode_cursor(record_id: int, value: object) -> str:
    """Opaque cursor in Shopify's shape: base64 of {"last_id":…, "last_value":…}."""
    payload = json.dumps({"last_id": record_id, "last_value": cursor_value(value)}, separators=(",", ":"))
    return base64.b64encode(payload.encode()).decode()


def decode_cursor(cursor: str) -> tuple[object, int]:
    """(sort value, record id) of a cursor; malformed cursors are GraphQL errors, as on Shopify."""
    try:
        data = json.loads(base64.b64decode(cursor.encode(), validate=True))
        return data["last_value"], int(data["last_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise GraphQLError(f"Invalid cursor for current pagination sort: {cursor}") from exc


def _after(key: tuple[object, int], mark: tuple[object, int], descending: bool) -> bool:
    try:
        return key < mark if descending else key > mark
    except TypeError:
        return False


def paginate(
    items: Sequence[T],
    args: dict[str, Any],
    record_id: Callable[[T], int],
    sort_value: Callable[[T], object] | None = None,
) -> dict[str, Any]:
    """Slice a list sorted by (sort value, id) -- descending when args["reverse"] -- into a page."""
    first, last = args.get("first"), args.get("last")
    if not UNPAGED.get():
        for name, size in (("first", first), ("last", last)):
            if isinstance(size, int) and size > MAX_PAGE_SIZE:
                raise GraphQLError(page_size_message(name, size), extensions={"code": "BAD_REQUEST"})
    if UNPAGED.get():
        first, last, args = len(items), None, {}
    if first is None and last is None:
        raise GraphQLError("you must provide one of first or last")
    value_of = sort_value or record_id
    descending = bool(args.get("reverse"))

    def key(item: T) -> tuple[object, int]:
        return cursor_value(value_of(item)), record_id(item)

    window = list(items)
    had_before = had_after = False
    if args.get("after"):
        mark = decode_cursor(args["after"])
        kept = [i for i in window if _after(key(i), mark, descending)]
        had_before, window = len(kept) < len(window), kept
    if args.get("before"):
        mark = decode_cursor(args["before"])
        kept = [i for i in window if _after(mark, key(i), descending)]
        had_after, window = len(kept) < len(window), kept
    has_next, has_prev = had_after, had_before
    if first is not None:
        has_next = has_next or len(window) > first
        window = window[: max(first, 0)]
    if last is not None:
        has_prev = has_prev or len(window) > last
        window = window[max(len(window) - last, 0) :] if last > 0 else []
    edges = [{"cursor": encode_cursor(record_id(n), value_of(n)), "node": n} for n in window]
    return {
        "edges": edges,
        "nodes": window,
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_prev,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def page(
    items: Sequence[T],
    args: dict[str, Any],
    record_id: Callable[[T], int],
    sort_value: Callable[[T], object] | None = None,
) -> dict[str, Any]:
    """Sort by (sort value, id), descending when args["reverse"], then paginate."""
    value_of = sort_value or record_id
    ordered = sorted(
        items,
        key=lambda i: (cursor_value(value_of(i)), record_id(i)),
        reverse=bool(args.get("reverse")),
    )
    return paginate(ordered, args, record_id, value_of)
