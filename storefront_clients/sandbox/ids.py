"""Shopify global-id helpers shared by every resolver (gid://shopify/<Type>/<n>)."""

from __future__ import annotations

import re

_GID = re.compile(r"^gid://shopify/([A-Za-z]+)/(\d+)(?:\?.*)?$")


def gid(kind: str, num: int) -> str:
    """Format a global id such as gid://shopify/Product/123."""
    return f"gid://shopify/{kind}/{num}"


def parse_gid(value: object, kind: str | None = None) -> int | None:
    """Return the numeric part of a gid of the given kind, or None when it is not one."""
    if not isinstance(value, str):
        return None
    match = _GID.match(value)
    if match is None:
        return None
    if kind is not None and match.group(1) != kind:
        return None
    return int(match.group(2))


def gid_kind(value: object) -> str | None:
    """Return the type part of a gid, or None."""
    if not isinstance(value, str):
        return None
    match = _GID.match(value)
    return match.group(1) if match else None
