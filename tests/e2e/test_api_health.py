"""API-version health end to end: the sandbox's headers reach /metrics, the overview and `status`."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector import cli
from connector.app import create_app, default_storefront
from connector.ops.snapshot import persist_snapshot, telemetry_of
from connector.settings import Settings
from storefront_clients.sandbox.server import ServerHandle
from storefront_clients.shopify.telemetry import DEPRECATED_HEADER, VERSION_HEADER, Telemetry
from tests.support.calls import Call, action_poster, run_job


def test_metrics_show_the_version_the_store_answered_in(ro: Call, app_client: TestClient) -> None:
    ro("order_pull", page_token="")
    text = app_client.get("/metrics").text
    assert 'connector_shopify_api_version_info{answered="2026-07",pinned="2026-07"} 1.0' in text
    assert "connector_shopify_api_version_mismatch 0.0" in text
    telemetry = telemetry_of(app_client.app.state.services.storefront)  # type: ignore[attr-defined]
    assert telemetry is not None
    assert telemetry.points_per_second()["request"] > 0
    assert telemetry.bucket is not None


def test_a_retired_pinned_version_shows_as_a_mismatch(
    e2e_settings: Settings, engine: Engine, sandbox: ServerHandle
) -> None:
    sandbox.runtime.config.retired_versions = ("2026-04",)
    settings = e2e_settings.model_copy(update={"shopify_api_version": "2026-04"})
    app = create_app(settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app) as client:
        action_poster(client)("order_pull", page_token="")
        text = client.get("/metrics").text
    assert 'connector_shopify_api_version_info{answered="2026-07",pinned="2026-04"} 1.0' in text
    assert "connector_shopify_api_version_mismatch 1.0" in text


def test_the_sandbox_names_deprecated_fields_like_shopify(sandbox: ServerHandle) -> None:
    response = httpx.post(
        sandbox.graphql_url(),
        json={"query": "{ shop { name billingAddress { city } } }"},
        headers={"X-Shopify-Access-Token": "sandbox-admin-token"},
        timeout=10,
    )
    assert response.headers[VERSION_HEADER] == "2026-07"
    assert response.headers[DEPRECATED_HEADER] == "Shop.billingAddress"


def test_deprecations_are_counted_per_reason() -> None:
    telemetry = Telemetry("2026-07", wall=lambda: 1000.0)
    for _ in range(3):
        telemetry.observe_headers({VERSION_HEADER: "2026-07", DEPRECATED_HEADER: "Shop.products"}, "ShopInfo")
    assert [(d.reason, d.count, d.operation) for d in telemetry.deprecations.values()] == [
        ("Shop.products", 3, "ShopInfo")
    ]
    assert not telemetry.version_mismatch


def test_status_prints_the_overview_from_the_database(
    ro: Call,
    app_client: TestClient,
    e2e_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ro("order_pull", page_token="")
    run_job(app_client, persist_snapshot)
    monkeypatch.setenv("CONNECTOR_DATABASE_URL", e2e_settings.connector_database_url)
    monkeypatch.setenv("SHOPIFY_SHOP", "sandbox-store.myshopify.com")
    monkeypatch.chdir(Path(__file__).parent)
    assert cli.main(["status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["api"]["answered"] == "2026-07"
    assert data["calls"]["order_pull"]["status"] == 200
    assert data["orders"]["orders_offered"] > 0
    assert cli.main(["status"]) == 0
    text = capsys.readouterr().out
    assert "API version" in text
    assert "order_pull" in text
