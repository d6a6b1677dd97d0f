"""Storefront reachability for /healthz, asked at most every 30 s so frequent probes cost no rate limit."""

from __future__ import annotations

import time

from storefront_clients.base import StorefrontClient

STOREFRONT_CHECK_SECONDS = 30.0


class StorefrontHealth:
    """The last storefront verdict and when it was taken."""

    def __init__(self, storefront: StorefrontClient) -> None:
        self._storefront = storefront
        self.last: tuple[float, str] | None = None  # (monotonic time, verdict)

    async def verdict(self) -> str:
        """'ok' or 'error: <kind>', from cache when fresh (GET /healthz calls this)."""
        cached = self.last
        if cached is not None and time.monotonic() - cached[0] < STOREFRONT_CHECK_SECONDS:
            return cached[1]
        try:
            await self._storefront.shop_info()
            verdict = "ok"
        except Exception as exc:  # the store being down does not make the connector unhealthy
            verdict = f"error: {type(exc).__name__}"
        self.last = (time.monotonic(), verdict)
        return verdict

    def forget(self) -> None:
        """Drop the cached verdict so the next probe asks the store."""
        self.last = None
