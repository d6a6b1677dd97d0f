"""Re-record the Shopify client cassettes: `python -m tests.storefront_clients.shopify.record_cassettes`.

Each scenario runs against a freshly seeded sandbox app (in-process); operations a real capture
exists for are answered with that capture's response body. Cassettes are written scrubbed to
``tests/cassettes/shopify/``. Optional arguments name the scenarios to record.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

import httpx

from storefront_clients.sandbox import SandboxConfig, Store, create_app, seed
from storefront_clients.shopify.auth import ClientCredentialsToken, StaticToken, TokenProvider
from storefront_clients.shopify.client import ShopifyClient

from .cassette_support import Recorder
from .scenarios import SCENARIOS

BASE = "http://sandbox.test"
ENDPOINT = f"{BASE}/admin/api/2026-07/graphql.json"
# A fixed "now" keeps the seeded store, and so the recorded requests, identical across runs.
SEED_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def playback_client(
    transport: httpx.AsyncBaseTransport, *, credentials: bool = False, **clock: Any
) -> ShopifyClient:
    """The client every scenario runs with (recording and replay alike)."""
    config = SandboxConfig()
    http = httpx.AsyncClient(transport=transport)
    auth: TokenProvider = StaticToken(config.access_token)
    if credentials:
        auth = ClientCredentialsToken(http, BASE, config.client_id, config.client_secret)
    return ShopifyClient(http, ENDPOINT, auth, **clock)


async def record(name: str) -> None:
    """Record one scenario's cassette."""
    store = seed(Store(), products=6, variants_per_product=4, now=SEED_NOW)
    app = create_app(store, SandboxConfig(base_url=BASE))
    recorder = Recorder(app, SCENARIOS[name].captures)
    client = playback_client(httpx.MockTransport(recorder), credentials=SCENARIOS[name].credentials)
    try:
        await SCENARIOS[name].run(client)
    finally:
        await client.aclose()
        await recorder.aclose()
    path = recorder.write(name)
    print(f"{name}: {len(recorder.exchanges)} exchanges -> {path}")


async def main(names: list[str]) -> None:
    """Record the named scenarios (all when none is named)."""
    for name in names or sorted(SCENARIOS):
        await record(name)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
