"""`node(id:)` and `nodes(ids:)`: look any gid up in the store by its type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storefront_clients.sandbox.ids import gid_kind, parse_gid
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

from .bulk import polled
from .common import store_of


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


@field("QueryRoot", "node")
def node(_root: Any, info: Info, id: str) -> Any:
    """Any node by gid."""
    return lookup(store_of(info), id)


@field("QueryRoot", "nodes")
def nodes(_root: Any, info: Info, ids: list[str]) -> list[Any]:
    """Nodes by gid, null for unknown ids, in request order."""
    store = store_of(info)
    return [lookup(store, i) for i in ids]
