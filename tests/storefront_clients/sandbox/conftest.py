"""Fixtures: a seeded sandbox store, its ASGI app and an httpx client speaking to it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from storefront_clients.sandbox import SandboxConfig, Store, create_app, seed

TOKEN = "sandbox-admin-token"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class Gql:
    """Posts GraphQL documents to the sandbox and returns (status, body)."""

    def __init__(self, client: httpx.AsyncClient, version: str = "2026-07") -> None:
        self.client = client
        self.version = version

    async def raw(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
        """The HTTP response of one GraphQL call."""
        return await self.client.post(
            f"/admin/api/{kw.get('version', self.version)}/graphql.json",
            json={"query": query, "variables": variables or {}},
            headers={"X-Shopify-Access-Token": kw.get("token", TOKEN)},
        )

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON body of a successful (HTTP 200) call."""
        response = await self.raw(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """`data` of a call that must not have top-level errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result


@pytest.fixture
def store() -> Store:
    """A deterministically seeded store with a frozen clock."""
    fresh = Store(frozen_now=NOW)
    return seed(fresh, products=12, variants_per_product=4)


@pytest.fixture
def config() -> SandboxConfig:
    """Default configuration (Standard plan limits)."""
    return SandboxConfig()


@pytest.fixture
def app(store: Store, config: SandboxConfig) -> Any:
    """The sandbox ASGI app over the seeded store."""
    return create_app(store, config)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """httpx client bound to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test", timeout=10) as c:
        yield c


@pytest.fixture
def gql(client: httpx.AsyncClient) -> Gql:
    """GraphQL helper for the 2026-07 endpoint."""
    return Gql(client)
