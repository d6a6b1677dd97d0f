"""One inventory scenario against tests/fakes/storefront.py and against the sandbox store through the
real Shopify client: the fake may not drift from the sandbox's (Shopify-sourced) rules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr

from connector.app import shopify_config
from connector.settings import Settings
from storefront_clients.base import InventoryQuantity, StorefrontClient
from storefront_clients.errors import PermanentStorefrontError
from storefront_clients.sandbox import SandboxConfig, Store, seed
from storefront_clients.sandbox.server import ServerHandle, start_server
from storefront_clients.shopify.client import ShopifyClient
from tests.support.fakes.storefront import FakeStorefront

SKUS = ("SBX-00001-S", "SBX-00001-M")


@dataclass
class Backend:
    """A StorefrontClient with two known SKUs and the location their stock is at."""

    client: Any
    location: str


@pytest.fixture
def sandbox() -> Iterator[ServerHandle]:
    """A small seeded sandbox store on a loopback port, in this process."""
    handle = start_server(store=seed(Store(), products=2, variants_per_product=2), config=SandboxConfig())
    yield handle
    handle.stop()


@pytest.fixture(params=["fake", "sandbox"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    """The fake, then the real client on the sandbox, with the same SKUs."""
    if request.param == "fake":
        fake = FakeStorefront()
        for sku in SKUS:
            fake.add_variant(sku)
        yield Backend(fake, (await fake.shop_info()).primary_location_id)
        return
    handle: ServerHandle = request.getfixturevalue("sandbox")
    settings = Settings(
        _env_file=None,
        shopify_shop="sandbox-store.myshopify.com",
        shopify_admin_url=handle.base_url,
        shopify_access_token=SecretStr(SandboxConfig().access_token),
    )
    client = ShopifyClient.from_config(shopify_config(settings))
    try:
        yield Backend(client, (await client.shop_info()).primary_location_id)
    finally:
        await client.aclose()


def _codes(exc: pytest.ExceptionInfo[PermanentStorefrontError]) -> list[str | None]:
    return [e.code for e in exc.value.user_errors]


async def test_inventory_contract(backend: Backend) -> None:
    client: StorefrontClient = backend.client
    refs = await client.resolve_skus([*SKUS, "NOT-IN-STORE"])
    assert sorted(refs) == sorted(SKUS)
    a, b = (refs[s].inventory_item_id for s in SKUS)
    loc = backend.location

    await client.set_inventory([InventoryQuantity(a, loc, 7), InventoryQuantity(b, loc, 3)], "c-1")
    assert await client.inventory_levels([a, b], loc) == {a: 7, b: 3}
    # The same key with the same quantities is the same write: answered, applied once.
    await client.set_inventory([InventoryQuantity(a, loc, 7), InventoryQuantity(b, loc, 3)], "c-1")
    # The same key with other quantities is refused, and nothing changes.
    with pytest.raises(PermanentStorefrontError) as mismatch:
        await client.set_inventory([InventoryQuantity(a, loc, 9)], "c-1")
    assert _codes(mismatch) == ["IDEMPOTENCY_KEY_PARAMETER_MISMATCH"]
    # One unknown item refuses the whole write and is named by its index.
    unknown = "gid://shopify/InventoryItem/1"
    with pytest.raises(PermanentStorefrontError) as refused:
        await client.set_inventory([InventoryQuantity(a, loc, 1), InventoryQuantity(unknown, loc, 1)], "c-2")
    assert [e.field[:3] for e in refused.value.user_errors] == [("input", "quantities", "1")]
    # The same pair twice is refused before anything is sent.
    with pytest.raises(PermanentStorefrontError):
        await client.set_inventory([InventoryQuantity(a, loc, 1), InventoryQuantity(a, loc, 2)], "c-3")
    assert await client.inventory_levels([a, b], loc) == {a: 7, b: 3}
