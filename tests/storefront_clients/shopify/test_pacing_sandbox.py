"""Pacing against the sandbox's real leaky bucket: bursts never see THROTTLED, no query over 1,000."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from connector.app import shopify_config
from connector.settings import Settings
from storefront_clients.base import InventoryQuantity, OrderQuery
from storefront_clients.sandbox import SandboxConfig, Store, seed
from storefront_clients.sandbox.server import ServerHandle, start_server
from storefront_clients.shopify.client import ShopifyClient

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def small_bucket() -> Iterator[ServerHandle]:
    """A sandbox whose bucket holds 120 points and restores 60/s (a 2,000-order store)."""
    store = seed(Store(), products=60, variants_per_product=4, extra_orders=150, now=NOW)
    handle = start_server(store=store, config=SandboxConfig(bucket_size=120, restore_rate=60))
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


async def test_a_concurrent_burst_is_paced_without_throttled_answers(small_bucket: ServerHandle) -> None:
    client = _client(small_bucket)
    try:
        skus = [v.sku for v in small_bucket.runtime.store.variants.values() if v.sku][:200]
        refs = await client.resolve_skus(skus[:100])
        location = (await client.shop_info()).primary_location_id
        writes = [
            client.set_inventory(
                [InventoryQuantity(r.inventory_item_id, location, i) for r in list(refs.values())[i : i + 5]],
                idempotency_key=f"burst-{i}",
            )
            for i in range(0, 60, 5)
        ]
        reads = [client.resolve_skus(skus[i : i + 20]) for i in range(0, 200, 20)]
        await asyncio.gather(*writes, *reads)
    finally:
        await client.aclose()
    calls = small_bucket.runtime.calls.all()
    assert len(calls) >= 23
    # No THROTTLED reached a caller (gather raised nothing). At the store, a 120-point bucket leaves
    # no room for a first under-estimate of an operation's cost, so at most one is tolerated there.
    assert len([c for c in calls if c.error_code == "THROTTLED"]) <= 1
    assert max(c.requested_cost or 0 for c in calls) <= 120


async def test_order_pages_are_sized_under_the_single_query_cap(small_bucket: ServerHandle) -> None:
    bucket = small_bucket.runtime.bucket
    bucket.size, bucket.restore_rate = 2000.0, 2000.0  # only the 1,000-point cap limits the page
    bucket.fill()
    client = _client(small_bucket)
    try:
        cursor: str | None = None
        seen = 0
        pages = 0
        for _ in range(100):
            pages += 1
            page = await client.list_orders(OrderQuery(open_only=False, include_cancelled=True), cursor, 100)
            seen += len(page.orders)
            cursor = page.next_cursor
            if cursor is None:
                break
    finally:
        await client.aclose()
    assert seen == len(small_bucket.runtime.store.orders)
    assert pages <= 16  # sized to the cap from what Shopify reported, without oscillating
    calls = small_bucket.runtime.calls.all()
    refused = [c for c in calls if c.error_code == "MAX_COST_EXCEEDED"]
    assert len(refused) <= 3  # only while learning the shape's real cost, never again after
    assert calls.index(refused[-1]) < 4 if refused else True
    assert all((c.requested_cost or 0) <= 1000 for c in calls if c.error_code is None)
