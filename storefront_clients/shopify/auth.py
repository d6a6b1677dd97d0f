"""Admin API access tokens: a fixed token, or the client-credentials grant refreshed before expiry.

The transport asks ``token()`` before each call and ``invalidate(token)`` after a 401 (then retries
once). Tokens are held here only; they are never logged nor put in exception messages.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol

import httpx

from storefront_clients.errors import AuthenticationError, PermanentStorefrontError, TransientStorefrontError
from storefront_clients.shopify.config import ShopifyConfig
from storefront_clients.shopify.errors import from_transport

# Refresh this long before Shopify's stated expiry (clock skew, long requests).
REFRESH_MARGIN_SECONDS = 300.0
_MIN_LIFETIME = 60.0


class TokenProvider(Protocol):
    """Supplies the X-Shopify-Access-Token value."""

    @property
    def refreshable(self) -> bool:
        """True when a 401 can be cured by fetching a new token."""
        ...

    async def token(self) -> str:
        """A token valid now."""
        ...

    def invalidate(self, token: str) -> None:
        """Forget `token` after Shopify refused it, so the next `token()` fetches another."""
        ...


class StaticToken:
    """A permanent Admin API token (`shpat_…`) from the settings."""

    refreshable = False

    def __init__(self, token: str) -> None:
        self._token = token

    async def token(self) -> str:
        """The configured token."""
        return self._token

    def invalidate(self, token: str) -> None:
        """Nothing to do: a fixed token cannot be refreshed."""

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"


class ClientCredentialsToken:
    """The client-credentials grant: `POST {base}/admin/oauth/access_token`, cached until expiry."""

    refreshable = True

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._http = http
        self._url = f"{base_url.rstrip('/')}/admin/oauth/access_token"
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock or time.monotonic
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._expires_at = 0.0

    def __repr__(self) -> str:
        return f"ClientCredentialsToken(client_id={self._client_id!r}, secret=<redacted>)"

    async def token(self) -> str:
        """The cached token, or a new one when it is missing or about to expire."""
        async with self._lock:
            if self._token is None or self._clock() >= self._expires_at:
                await self._fetch()
            assert self._token is not None
            return self._token

    def invalidate(self, token: str) -> None:
        """Drop the cached token if it is the one Shopify refused."""
        if self._token == token:
            self._token = None

    async def _fetch(self) -> None:
        try:
            response = await self._http.post(
                self._url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._client_id,
                    "client_secret": self._client_secret,
                },
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            raise from_transport(exc, "access token request") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientStorefrontError(f"Shopify access token request: HTTP {response.status_code}")
        if response.status_code >= 400:
            # The body may echo what was sent; it is deliberately left out of the message.
            raise AuthenticationError(f"Shopify refused the client credentials: HTTP {response.status_code}")
        try:
            body = response.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in") or 86400)
        except (ValueError, KeyError, TypeError):
            raise AuthenticationError("Shopify access token response was not understood") from None
        self._token = token
        self._expires_at = self._clock() + max(
            _MIN_LIFETIME, lifetime - min(REFRESH_MARGIN_SECONDS, lifetime / 10)
        )


def token_provider(http: httpx.AsyncClient, config: ShopifyConfig) -> TokenProvider:
    """The shop's token source: client credentials when both are set, else the static access token."""
    if config.client_id and config.client_secret is not None:
        return ClientCredentialsToken(http, config.base_url, config.client_id, config.client_secret)
    if config.access_token is not None:
        return StaticToken(config.access_token)
    raise PermanentStorefrontError(
        "SHOPIFY_ACCESS_TOKEN (or SHOPIFY_CLIENT_ID + SHOPIFY_CLIENT_SECRET) is not set"
    )
