"""End-to-end fixtures: a sandbox store server and the connector wired to it with the real Shopify client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app, default_storefront
from connector.settings import Settings
from storefront_clients.sandbox import SandboxConfig, Store, seed
from storefront_clients.sandbox.server import ServerHandle, start_server
from tests.conftest import Call, action_poster

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def sandbox() -> Iterator[ServerHandle]:
    """A seeded sandbox store on a loopback port (time scale 50 so rate limits never stall tests)."""
    config = SandboxConfig(time_scale=50.0)
    handle = start_server(
        store=seed(Store(frozen_now=None), products=12, variants_per_product=4, now=NOW), config=config
    )
    yield handle
    handle.stop()


class Admin:
    """The sandbox's loopback admin API, for reading the store's state back."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)

    def orders(self) -> list[dict[str, Any]]:
        """Every order as the store holds it."""
        result: list[dict[str, Any]] = self.http.get("/_sandbox/state/orders").json()["orders"]
        return result

    def order(self, name: str) -> dict[str, Any]:
        """One order by name (#1001 …)."""
        found = self.http.get("/_sandbox/state/orders", params={"name": name}).json()["orders"]
        assert len(found) == 1, name
        result: dict[str, Any] = found[0]
        return result

    def inventory(self, *skus: str) -> list[dict[str, Any]]:
        """Variants, items and levels for SKUs."""
        body = self.http.get("/_sandbox/state/inventory", params=[("sku", s) for s in skus]).json()
        result: list[dict[str, Any]] = body["variants"]
        return result

    def calls(self) -> list[dict[str, Any]]:
        """The call log."""
        body = self.http.get("/_sandbox/calls").json()
        result: list[dict[str, Any]] = body["calls"] if isinstance(body, dict) else body
        return result

    def add_order(self, description: dict[str, Any]) -> dict[str, Any]:
        """Create an order from a compact description."""
        response = self.http.post("/_sandbox/orders", json=description)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    def readiness(self, name: str, **changes: Any) -> dict[str, Any]:
        """Set an order's risk levels, hold / release its fulfilment orders, or schedule them."""
        response = self.http.post("/_sandbox/orders/readiness", json={"name": name, **changes})
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def clear_calls(self) -> None:
        """Empty the call log."""
        self.http.delete("/_sandbox/calls")

    def faults(self, rules: list[dict[str, Any]]) -> None:
        """Install fault rules."""
        response = self.http.post("/_sandbox/faults", json={"rules": rules})
        assert response.status_code < 300, response.text


@pytest.fixture
def admin(sandbox: ServerHandle) -> Iterator[Admin]:
    """Admin API client of the sandbox."""
    client = Admin(sandbox.base_url)
    yield client
    client.http.close()


@pytest.fixture
def e2e_settings(settings: Settings, sandbox: ServerHandle) -> Settings:
    """The test settings pointed at the sandbox store."""
    return settings.model_copy(
        update={
            "shopify_admin_url": sandbox.base_url,
            "shopify_shop": "sandbox-store.myshopify.com",
            "shopify_access_token": SecretStr(SandboxConfig().access_token),
            "connector_write_budget_seconds": 5.0,
        }
    )


@pytest.fixture
def app_client(e2e_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The connector app with the real Shopify client talking HTTP to the sandbox."""
    app = create_app(e2e_settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def ro(app_client: TestClient) -> Call:
    """POST a RetailOps action to the connector wired to the sandbox store."""
    return action_poster(app_client)
