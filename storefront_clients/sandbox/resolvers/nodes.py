"""`node(id:)` and `nodes(ids:)`: look any gid up in the store by its type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storefront_clients.sandbox import order_window
from storefront_clients.sandbox.ids import gid_kind, parse_gid
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

from .bulk import polled
from .common import ctx, store_of


def _owned(kind: str, attr: str) -> Callable[[Store, int], Any]:
    """Lookup of an order sub-record through the owner index."""

    def find(store: Store, num: int) -> Any:
        order = store.owner(kind, num)
        if order is None:
            return None
        return next((r for r in getattr(order, attr) if r.id == num), None)

    return find


LOOKUPS: dict[str, Callable[[Store, int], Any]] = {
    "Product": lambda s, n: s.products.get(n),
    "ProductVariant": lambda s, n: s.variants.get(n),
    "InventoryItem": lambda s, n: s.items.get(n),
    "InventoryLevel": lambda s, n: s.levels.get(n),
    "Location": lambda s, n: s.locations.get(n),
    "Order": lambda s, n: s.orders.get(n),
    "BulkOperation": lambda s, n: polled(s.bulk_operations.get(n)),
    "LineItem": _owned("LineItem", "line_items"),
    "OrderTransaction": _owned("OrderTransaction", "transactions"),
    "Fulfillment": _owned("Fulfillment", "fulfillments"),
    "FulfillmentOrder": _owned("FulfillmentOrder", "fulfillment_orders"),
    "Refund": _owned("Refund", "refunds"),
}


def lookup(store: Store, value: str) -> Any:
    """The record a gid names, or None."""
    kind = gid_kind(value)
    num = parse_gid(value)
    if kind is None or num is None or kind not in LOOKUPS:
        return None
    return LOOKUPS[kind](store, num)


def _seen(info: Info, value: str) -> Any:
    """The record, unless it is (or belongs to) an order outside this app's window."""
    store = store_of(info)
    record = lookup(store, value)
    kind, num = gid_kind(value), parse_gid(value)
    if record is None or kind is None or num is None:
        return record
    owner = record if kind == "Order" else store.owner(kind, num)
    if owner is not None and not order_window.visible(store, ctx(info).runtime.config, owner):
        return None
    return record


@field("QueryRoot", "node")
def node(_root: Any, info: Info, id: str) -> Any:
    """Any node by gid."""
    return _seen(info, id)


@field("QueryRoot", "nodes")
def nodes(_root: Any, info: Info, ids: list[str]) -> list[Any]:
    """Nodes by gid, null for unknown ids, in request order."""
    return [_seen(info, i) for i in ids]
