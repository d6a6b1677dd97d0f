"""What every cassette scenario shares: the Scenario record, capture loading, order pickers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from storefront_clients.base import OrderQuery, StoreOrder
from storefront_clients.shopify.client import ShopifyClient
from tests.support.captures import load_capture

H = "harry-test-heelo.myshopify.com"
ALL_ORDERS = OrderQuery(open_only=False, include_cancelled=True)


@dataclass
class Scenario:
    """A named client run; `captures` answers operations with real captured bodies."""

    run: Callable[[ShopifyClient], Awaitable[None]]
    captures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Authenticate with the client-credentials grant instead of a fixed token.
    credentials: bool = False


def capture(path: str, *keys: str) -> dict[str, Any]:
    """The response body at `keys` inside a capture file."""
    node: Any = load_capture(path)
    for key in keys:
        node = node[key]
    return dict(node)


async def orders(client: ShopifyClient) -> list[StoreOrder]:
    """Every order of the (small) store, oldest first."""
    page = await client.list_orders(ALL_ORDERS, limit=50)
    return list(page.orders)


async def open_unfulfilled(client: ShopifyClient) -> StoreOrder:
    """The oldest paid, open, unfulfilled order."""
    for order in await orders(client):
        if (
            order.fulfillment_status == "UNFULFILLED"
            and order.cancelled_at is None
            and order.financial_status == "PAID"
        ):
            return order
    raise AssertionError("no open unfulfilled paid order in the store")
