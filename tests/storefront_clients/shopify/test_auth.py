"""Client-credentials grant: fetched, cached, refreshed before expiry and once after a 401."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest

from storefront_clients.errors import AuthenticationError
from storefront_clients.shopify.auth import ClientCredentialsToken
from storefront_clients.shopify.transport import Transport

from .fakes import FakeClock, ok

BASE = "https://shop.example"
SECRET = "shpss_client_secret_value_0000"


class TokenShop:
    """Issues numbered tokens and refuses those it has revoked."""

    def __init__(self, lifetime: int = 86399) -> None:
        self.issued: list[str] = []
        self.revoked: set[str] = set()
        self.lifetime = lifetime
        self.grants: list[dict[str, list[str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/admin/oauth/access_token":
            self.grants.append(parse_qs(request.content.decode()))
            token = f"shpat_token{len(self.issued)}"
            self.issued.append(token)
            return httpx.Response(
                200, json={"access_token": token, "scope": "read_orders", "expires_in": self.lifetime}
            )
        if request.headers.get("X-Shopify-Access-Token") in self.revoked:
            return httpx.Response(401, json={"errors": "[API] Invalid API key or access token"})
        return ok({"shop": {"name": "S"}})


def build(shop: TokenShop) -> tuple[Transport, ClientCredentialsToken, FakeClock]:
    clock = FakeClock()
    http = httpx.AsyncClient(transport=httpx.MockTransport(shop))
    auth = ClientCredentialsToken(http, BASE, "client-id", SECRET, clock=clock)
    transport = Transport(
        http, f"{BASE}/admin/api/2026-07/graphql.json", auth, clock=clock, sleep=clock.sleep
    )
    return transport, auth, clock


async def test_grant_is_form_encoded_and_token_cached() -> None:
    shop = TokenShop()
    transport, _, _ = build(shop)
    for _ in range(3):
        await transport.execute("query P { shop { name } }", {}, operation="P", idempotent=True)
    assert shop.grants == [
        {"grant_type": ["client_credentials"], "client_id": ["client-id"], "client_secret": [SECRET]}
    ]


async def test_token_refreshed_before_expiry() -> None:
    shop = TokenShop(lifetime=3600)
    _, auth, clock = build(shop)
    first = await auth.token()
    clock.now += 3600 - 300 - 1
    assert await auth.token() == first
    clock.now += 2
    assert await auth.token() != first
    assert len(shop.issued) == 2


async def test_401_refreshes_once_and_retries() -> None:
    shop = TokenShop()
    transport, auth, _ = build(shop)
    shop.revoked.add(await auth.token())
    data = await transport.execute("query P { shop { name } }", {}, operation="P", idempotent=True)
    assert data["shop"]["name"] == "S"
    assert len(shop.issued) == 2


async def test_second_401_is_authentication_error() -> None:
    shop = TokenShop()
    transport, _auth, _ = build(shop)
    shop.revoked.update({"shpat_token0", "shpat_token1"})
    with pytest.raises(AuthenticationError) as caught:
        await transport.execute("query P { shop { name } }", {}, operation="P", idempotent=True)
    assert "shpat_token" not in str(caught.value)


async def test_refused_credentials_never_echo_the_secret() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "invalid_client", "echo": request.content.decode()})

    http = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    auth = ClientCredentialsToken(http, BASE, "client-id", SECRET)
    with pytest.raises(AuthenticationError) as caught:
        await auth.token()
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(auth)
