"""/healthz, /metrics, request ids, key rotation and the base path."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import Engine, create_engine
from starlette.testclient import TestClient

from connector.app import create_app
from connector.db.session import Database
from connector.settings import Settings
from tests.support.builders import AUTH_KEY
from tests.support.builders import official_example as example
from tests.support.calls import Call
from tests.support.fakes.orders import line, order
from tests.support.fakes.storefront import FakeStorefront, transient


def test_healthz_reports_database_and_storefront(client: TestClient, storefront: FakeStorefront) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "storefront": "ok"}}
    storefront.fail_next.append(transient())
    assert client.get("/healthz").json()["checks"]["storefront"] == "ok"  # cached for 30 s
    assert storefront.calls.count("shop_info") == 1
    client.app.state.services.health.forget()  # type: ignore[attr-defined]
    degraded = client.get("/healthz")
    assert degraded.status_code == 200
    assert degraded.json()["checks"]["storefront"] == "error: TransientStorefrontError"


def test_healthz_is_503_when_the_database_is_gone(client: TestClient, tmp_path: Path) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    services.db = Database(create_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error:")


def test_metrics_count_requests_by_action_and_status(client: TestClient) -> None:
    client.post("/catalog_get_config_v1", json=example("catalog_get_config"))
    client.post(
        "/catalog_get_config_v1", json={**example("catalog_get_config"), "integration_auth_token": "x"}
    )
    text = client.get("/metrics").text
    assert 'connector_requests_total{action="catalog_get_config",status="200"} 1.0' in text
    assert 'connector_requests_total{action="catalog_get_config",status="401"} 1.0' in text
    assert "connector_request_seconds_bucket" in text


def test_request_id_is_echoed(client: TestClient) -> None:
    response = client.post(
        "/catalog_get_config_v1", json=example("catalog_get_config"), headers={"x-request-id": "abc-123"}
    )
    assert response.headers["x-request-id"] == "abc-123"


def _app(settings: Settings, engine: Engine, **overrides: object) -> TestClient:
    tuned = settings.model_copy(update=overrides)
    return TestClient(create_app(tuned, engine=engine, storefront_factory=lambda _s: FakeStorefront()))


def test_previous_key_is_accepted_during_rotation(settings: Settings, engine: Engine) -> None:
    with _app(
        settings,
        engine,
        retailops_previous_auth_key=SecretStr("old-key-0123456789"),
        retailops_allow_test_key=False,
    ) as client:
        body = example("catalog_get_config")
        cases = [("old-key-0123456789", 200), (AUTH_KEY, 200), ("RETAILOPS_SDK", 401)]
        for key, status in cases:
            response = client.post("/catalog_get_config_v1", json={**body, "integration_auth_token": key})
            assert response.status_code == status, key


def test_base_path_prefixes_the_action_paths(settings: Settings, engine: Engine) -> None:
    with _app(settings, engine, connector_base_path="/ro") as client:
        assert client.post("/ro/catalog_get_config_v1", json=example("catalog_get_config")).status_code == 200
        assert client.post("/catalog_get_config_v1", json=example("catalog_get_config")).status_code == 404


def test_transient_storefront_failure_without_acceptance_is_503(
    client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.fail_next.append(transient())
    # specific_orders reads the store (a normal page answers from the order mirror instead).
    body = {**example("order_pull"), "specific_orders": [{"channel_refnum": "1001"}]}
    response = client.post("/order_pull_v1", json=body)
    assert response.status_code == 503
    assert response.json()["events"][0]["code"] == "STOREFRONT_UNAVAILABLE"


def test_a_store_too_slow_for_the_request_budget_is_answered_503_in_time(
    settings: Settings, engine: Engine
) -> None:
    store = FakeStorefront()

    async def stuck(*_args: object) -> None:
        await asyncio.sleep(30)

    store.fetch_orders = stuck  # type: ignore[method-assign,assignment]
    tuned = settings.model_copy(update={"connector_request_timeout_seconds": 0.3})
    with TestClient(create_app(tuned, engine=engine, storefront_factory=lambda _s: store)) as client:
        started = time.monotonic()
        body = {**example("order_pull"), "specific_orders": [{"channel_refnum": "1001"}]}
        response = client.post("/order_pull_v1", json=body)
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json()["events"][0]["code"] == "STOREFRONT_UNAVAILABLE"
    assert response.headers["retry-after"]


def test_a_slow_write_is_queued_within_the_write_budget(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A")))
    original = storefront.close_order

    async def slow_close(order_id: str) -> None:
        await asyncio.sleep(5)
        await original(order_id)

    storefront.close_order = slow_close  # type: ignore[method-assign]
    started = time.monotonic()
    body = call("order_complete", order={"channel_order_refnum": "1"})
    assert time.monotonic() - started < 2
    assert body["status"] == "success"
    assert body["events"][0]["code"] == "QUEUED"
