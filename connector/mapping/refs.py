"""Channel reference numbers: the numeric tail of Shopify GIDs, and back."""

from __future__ import annotations

ORDER_GID = "gid://shopify/Order/"
LINE_GID = "gid://shopify/LineItem/"


def gid_tail(gid: str) -> str:
    """The numeric id at the end of a GID (`gid://shopify/Order/123` → `123`)."""
    return gid.rsplit("/", 1)[-1].split("?", 1)[0]


def order_refnum(order_id: str, legacy_id: str | None = None) -> str:
    """channel_order_refnum: the order's numeric id, stable across renames and edits."""
    return legacy_id or gid_tail(order_id)


def line_refnum(line_id: str) -> str:
    """channel_item_refnum: the line item's numeric id, stable across order edits."""
    return gid_tail(line_id)


def order_gid(refnum: str) -> str:
    """The order GID for a refnum (refnums are numeric ids)."""
    return refnum if refnum.startswith("gid://") else ORDER_GID + refnum


def line_gid(refnum: str) -> str:
    """The line item GID for a channel_item_refnum."""
    return refnum if refnum.startswith("gid://") else LINE_GID + refnum
