"""POST /webhooks/shopify (HMAC, dedupe, hints for order_sync, app/uninstalled) and subscriptions."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app
from connector.http.webhooks import signature
from connector.jobs.order_sync import sync_orders
from connector.jobs.webhook_subscriptions import TOPICS, ensure_subscriptions
from connector.settings import Settings
from tests.support.calls import run_job
from tests.support.fakes.orders import line, order
from tests.support.fakes.storefront import FakeStorefront

SECRET = "whsec-test-0123456789"


@pytest.fixture
def hooked(settings: Settings, engine: Engine, storefront: FakeStorefront) -> Iterator[TestClient]:
    """The app with a webhook secret and a public URL."""
    tuned = settings.model_copy(
        update={
            "shopify_webhook_secret": SecretStr(SECRET),
            "connector_public_url": "https://connector.example.com",
            "connector_order_mirror_max_lag_seconds": 600.0,
        }
    )
    with TestClient(create_app(tuned, engine=engine, storefront_factory=lambda _s: storefront)) as client:
        yield client


def _deliver(
    client: TestClient, topic: str, payload: object, event_id: str, secret: str = SECRET
) -> tuple[int, dict[str, object]]:
    body = json.dumps(payload).encode()
    headers = {
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": signature(secret, body),
        "X-Shopify-Event-Id": event_id,
        "X-Shopify-Webhook-Id": f"delivery-{event_id}",
        "Content-Type": "application/json",
    }
    response = client.post("/webhooks/shopify", content=body, headers=headers)
    return response.status_code, response.json()


def test_a_bad_signature_is_refused_and_nothing_is_queued(
    hooked: TestClient, storefront: FakeStorefront
) -> None:
    status, body = _deliver(hooked, "orders/updated", {"id": 1}, "ev-1", secret="not-the-secret")
    assert status == 401
    assert "HMAC" in json.dumps(body)
    storefront.calls.clear()
    run_job(hooked, sync_orders)
    assert "order_facts" not in storefront.calls


def test_a_webhook_only_marks_the_order_and_a_duplicate_is_ignored(
    hooked: TestClient, storefront: FakeStorefront
) -> None:
    stored = storefront.add_order(order(7, line(71, "A")))
    run_job(hooked, sync_orders)
    storefront.readiness[stored.id] = {"holds": ("HIGH_RISK_OF_FRAUD",)}
    payload = {"id": 7, "admin_graphql_api_id": stored.id}
    first = _deliver(hooked, "orders/updated", payload, "ev-2")
    assert first == (200, {"received": True, "duplicate": False})
    again = _deliver(hooked, "orders/updated", payload, "ev-2")
    assert again == (200, {"received": True, "duplicate": True})
    storefront.calls.clear()
    run_job(hooked, sync_orders)
    # The hint is read by id (the hold did not move updatedAt), once, and then it is done.
    assert storefront.calls.count("order_facts") == 1
    envelope = {
        "integration_auth_token": "test-integration-key-0123456789",
        "action": "order_pull",
        "version": 1,
    }
    pulled = hooked.post("/order_pull_v1", json={**envelope, "client_id": 1, "channel_info": {"id": 1}})
    assert pulled.json()["orders"] == []


def test_app_uninstalled_stops_the_jobs_and_shows_on_healthz(hooked: TestClient) -> None:
    stopped: list[bool] = []

    async def stop() -> None:
        stopped.append(True)

    hooked.app.state.services.intake.stop_jobs = stop  # type: ignore[attr-defined]
    assert _deliver(hooked, "app/uninstalled", {"id": 1}, "ev-3")[0] == 200
    assert stopped == [True]
    health = hooked.get("/healthz")
    assert health.status_code == 503
    assert "uninstalled" in health.json()["checks"]["app"]


def test_missing_subscriptions_are_created_and_a_deleted_one_is_re_created(
    hooked: TestClient, storefront: FakeStorefront
) -> None:
    figures = run_job(hooked, ensure_subscriptions)
    assert sorted(figures.created) == sorted(TOPICS)
    assert {s.uri for s in storefront.subscriptions.values()} == {
        "https://connector.example.com/webhooks/shopify"
    }
    gone = next(k for k, s in storefront.subscriptions.items() if s.topic == "ORDERS_CREATE")
    del storefront.subscriptions[gone]
    assert run_job(hooked, ensure_subscriptions).created == ["ORDERS_CREATE"]
    assert run_job(hooked, ensure_subscriptions).created == []
