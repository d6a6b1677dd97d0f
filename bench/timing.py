"""The scaled clock and the timing wrappers the benchmarks put around the client and the database.

Time scale k: the sandbox bucket restores k times faster than real time and the Shopify client
runs on a clock k times faster (its pacer sleeps 1/k of what it computes), so the pair behaves
like Standard limits in "store time"; figures convert back with store_seconds = real_seconds x k.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, cast

from connector.app import shopify_config
from connector.services import Services
from connector.settings import Settings
from storefront_clients.base import StorefrontClient
from storefront_clients.shopify.client import ShopifyClient


class ScaledTime:
    """A clock running `scale` times faster than real time, and the matching sleep."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self._origin = time.monotonic()

    def clock(self) -> float:
        """Store-time seconds (monotonic)."""
        return self._origin + (time.monotonic() - self._origin) * self.scale

    async def sleep(self, seconds: float) -> None:
        """Sleep `seconds` of store time."""
        await asyncio.sleep(seconds / self.scale)


def shopify_client(settings: Settings, scale: float) -> ShopifyClient:
    """The real Shopify client for the sandbox, its pacer on the scaled clock."""
    scaled = ScaledTime(scale)
    return ShopifyClient.from_config(shopify_config(settings), clock=scaled.clock, sleep=scaled.sleep)


class TimedStorefront:
    """Wraps the client and adds up the real seconds spent inside its coroutine methods.

    Lets a benchmark split a request's time into storefront time (HTTP, sandbox, pacer waits)
    and the connector's own time.
    """

    def __init__(self, client: ShopifyClient) -> None:
        self.client = client
        self.seconds = 0.0
        self.calls = 0
        self.by_method: dict[str, float] = {}

    def reset(self) -> None:
        """Start counting from zero."""
        self.seconds, self.calls = 0.0, 0
        self.by_method = {}

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not asyncio.iscoroutinefunction(attr):
            return attr

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await attr(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.seconds += spent
                self.calls += 1
                self.by_method[name] = self.by_method.get(name, 0.0) + spent

        return timed


class DbTimer:
    """Adds up the real seconds `services.db.run` takes (thread hop, session, SQL, commit)."""

    def __init__(self, services: Services) -> None:
        self.seconds = 0.0
        run = services.db.run

        async def timed(work: Callable[[Any], Any]) -> Any:
            started = time.perf_counter()
            try:
                return await run(work)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(services.db, "run", timed)  # noqa: B010 - instance override of the bound method


def timer_of(services: Services) -> TimedStorefront:
    """The timing wrapper `services_for` put around the client."""
    assert isinstance(services.storefront, TimedStorefront)
    return services.storefront


def timed_factory(scale: float) -> Callable[[Settings], StorefrontClient]:
    """A storefront factory for `create_app`: the real client on the scaled clock, timed."""
    return lambda settings: cast(StorefrontClient, TimedStorefront(shopify_client(settings, scale)))
