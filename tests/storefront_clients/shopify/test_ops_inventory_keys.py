"""The inventory write's key handling against the sandbox over HTTP: a spent key moves to the next
key of its series, a key in flight is transient (issue 9 A3)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from connector.app import shopify_config
from connector.settings import Settings
from storefront_clients.base import InventoryQuantity
from storefront_clients.errors import PermanentStorefrontError, TransientStorefrontError
from storefront_clients.sandbox import SandboxConfig, Store, seed
from storefront_clients.sandbox.faults import FaultRule
from storefront_clients.sandbox.server import ServerHandle, start_server
from storefront_clients.shopify.client import ShopifyClient


@pytest.fixture
def sandbox() -> Iterator[ServerHandle]:
    """A small seeded sandbox on a loopback port."""
    handle = start_server(store=seed(Store(), products=2, variants_per_product=2), config=SandboxConfig())
    yield handle
    handle.stop()


def _client(handle: ServerHandle) -> ShopifyClient:
    settings = Settings(
        _env_file=None,
        shopify_shop="sandbox-store.myshopify.com",
        shopify_admin_url=handle.base_url,
        shopify_access_token=SecretStr(SandboxConfig().access_token),
    )
    return ShopifyClient.from_config(shopify_config(settings))


def _quantity(handle: ServerHandle, quantity: int, location: str | None = None) -> InventoryQuantity:
    store = handle.runtime.store
    item = next(iter(store.items.values()))
    return InventoryQuantity(
        f"gid://shopify/InventoryItem/{item.id}",
        location or f"gid://shopify/Location/{store.primary_location.id}",
        quantity,
    )


async def test_a_spent_key_moves_to_the_next_key(sandbox: ServerHandle) -> None:
    client = _client(sandbox)
    try:
        bad = _quantity(sandbox, 5, "gid://shopify/Location/1")
        with pytest.raises(PermanentStorefrontError, match="INVALID_LOCATION"):
            await client.set_inventory([bad], "k1")
        with pytest.raises(PermanentStorefrontError, match="INVALID_LOCATION"):
            await client.set_inventory([bad], "k1")  # k1 spent: sent again as k1-r1, refused on its own
        keys = [k for (m, k) in sandbox.runtime.store.idempotency.records if m == "inventorySetQuantities"]
        assert keys == ["k1", "k1-r1"]
        await client.set_inventory([_quantity(sandbox, 5)], "k2")
        await client.set_inventory([_quantity(sandbox, 5)], "k2")  # the same write again: replayed
    finally:
        await client.aclose()
    records = sandbox.runtime.store.idempotency.records
    assert records[("inventorySetQuantities", "k2")].state == "succeeded"
    assert len(records) == 3


async def test_a_key_in_flight_is_transient(sandbox: ServerHandle) -> None:
    sandbox.runtime.faults.add(FaultRule(kind="slow", match="inventorySetQuantities", delay_seconds=0.5))
    first, second = _client(sandbox), _client(sandbox)
    try:
        write = asyncio.create_task(first.set_inventory([_quantity(sandbox, 9)], "busy"))
        await asyncio.sleep(0.2)
        with pytest.raises(TransientStorefrontError, match="IDEMPOTENCY_CONCURRENT_REQUEST"):
            await second.set_inventory([_quantity(sandbox, 9)], "busy")
        await write
    finally:
        await first.aclose()
        await second.aclose()
