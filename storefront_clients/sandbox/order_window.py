"""Which orders an app may see: without `read_all_orders`, only those created in the last 60 days.

Source: the Order object's description in ../shared/shopify/schema (2026-07), also on
https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Order: "Only the last 60 days' worth of
orders from a store are accessible from the Order object by default." Called by the order and node
resolvers (and so by bulk operations, which run the same resolvers).
"""

from __future__ import annotations

from datetime import timedelta

from .config import SandboxConfig
from .order_models import Order
from .store import Store

WINDOW = timedelta(days=60)
ALL_ORDERS_SCOPE = "read_all_orders"


def reads_all_orders(config: SandboxConfig) -> bool:
    """Whether the app was granted `read_all_orders` (the switch: the granted scopes)."""
    return ALL_ORDERS_SCOPE in {s.strip() for s in config.granted_scopes.split(",")}


def visible(store: Store, config: SandboxConfig, order: Order | None) -> bool:
    """Whether this app may see the order at all."""
    if order is None:
        return False
    return reads_all_orders(config) or order.created_at >= store.now() - WINDOW
