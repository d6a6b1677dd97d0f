"""Fixtures: a seeded sandbox store, its ASGI app and an httpx client speaking to it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from storefront_clients.sandbox import SandboxConfig, Store, create_app, seed
from tests.support.gql import Gql

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


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
