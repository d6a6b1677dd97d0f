"""Order intake over HTTP against the sandbox: order_pull answers from the mirror; the gate holds orders."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.app import create_app, default_storefront
from connector.jobs.gauges import refresh_intake
from connector.jobs.order_sync import sync_orders
from connector.settings import Settings
from tests.support.calls import Call, action_poster, run_job
from tests.support.sandbox import SandboxAdmin

SKU = "SBX-00001-S"


def _offered(ro: Call) -> set[str]:
    return {o["channel_order_refnum"] for o in ro("order_pull", page_token="")["orders"]}


def _new_order(admin: SandboxAdmin, **extra: Any) -> tuple[str, str]:
    created = admin.add_order({"lines": [{"sku": SKU, "quantity": 1}], "payment": "paid", **extra})
    return created["name"], created["id"].rsplit("/", 1)[1]


def _waiting(client: TestClient) -> dict[str, float]:
    run_job(client, refresh_intake)
    text = client.get("/metrics").text
    return {m[0]: float(m[1]) for m in re.findall(r'connector_orders_waiting\{reason="(\w+)"\} (\S+)', text)}


@pytest.fixture
def tuned(e2e_settings: Settings, engine: Engine) -> Iterator[tuple[TestClient, Call]]:
    """The app with a mirror that may lag a minute (a normal pull then makes no store call)."""
    settings = e2e_settings.model_copy(update={"connector_order_mirror_max_lag_seconds": 60.0})
    app = create_app(settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, action_poster(client)


def test_a_current_mirror_answers_a_page_without_a_store_call(
    tuned: tuple[TestClient, Call], admin: SandboxAdmin
) -> None:
    client, ro = tuned
    figures = run_job(client, sync_orders)
    assert figures.complete
    assert figures.snapshots > 0
    admin.clear_calls()
    assert _offered(ro)
    assert admin.calls() == []


def test_a_pull_while_the_store_is_down_or_throttled_answers_from_the_mirror(
    ro: Call, admin: SandboxAdmin
) -> None:
    before = _offered(ro)
    assert before
    admin.set_faults([{"kind": "http_5xx", "status": 503, "count": None}])
    assert _offered(ro) == before
    admin.set_faults([{"kind": "throttled", "count": None}])
    assert _offered(ro) == before


def test_a_pull_spends_at_most_the_catch_up_budget_on_a_slow_store(
    e2e_settings: Settings, engine: Engine, admin: SandboxAdmin
) -> None:
    settings = e2e_settings.model_copy(update={"connector_order_pull_catch_up_seconds": 1.0})
    app = create_app(settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        ro = action_poster(client)
        before = _offered(ro)
        assert before
        admin.set_faults([{"kind": "slow", "match": "OrderFactsPage", "count": None, "delay_seconds": 4}])
        started = time.monotonic()
        assert _offered(ro) == before
        assert time.monotonic() - started < 3.5


def test_a_held_order_waits_with_its_reason_and_is_offered_once_released(
    ro: Call, admin: SandboxAdmin, app_client: TestClient
) -> None:
    name, refnum = _new_order(admin)
    assert refnum in _offered(ro)
    seeded = _waiting(app_client)["hold"]  # the seeded store has held orders of its own
    admin.readiness(name, hold="HIGH_RISK_OF_FRAUD")
    assert refnum not in _offered(ro)
    assert _waiting(app_client)["hold"] == seeded + 1
    admin.readiness(name, release=True)
    assert refnum in _offered(ro)
    assert _waiting(app_client)["hold"] == seeded


def test_risk_at_the_hold_level_or_pending_waits(
    ro: Call, admin: SandboxAdmin, app_client: TestClient
) -> None:
    name, refnum = _new_order(admin)
    assert refnum in _offered(ro)
    seeded = _waiting(app_client)["risk"]
    admin.readiness(name, risk_levels=["LOW", "HIGH"])
    assert refnum not in _offered(ro)
    assert _waiting(app_client)["risk"] == seeded + 1
    admin.readiness(name, risk_levels=["PENDING"])
    assert refnum not in _offered(ro)
    admin.readiness(name, risk_levels=["LOW", "MEDIUM"])
    assert refnum in _offered(ro)


def test_a_scheduled_order_is_offered_when_its_fulfill_at_passes(
    ro: Call, admin: SandboxAdmin, app_client: TestClient
) -> None:
    name, refnum = _new_order(admin)
    assert refnum in _offered(ro)
    seeded = _waiting(app_client)["scheduled"]  # the seeded store has a scheduled order
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    admin.readiness(name, fulfill_at=soon.isoformat())
    assert refnum not in _offered(ro)
    assert _waiting(app_client)["scheduled"] == seeded + 1
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.5)
    assert refnum in _offered(ro)


def test_an_unpaid_order_waits_for_payment(ro: Call, admin: SandboxAdmin, app_client: TestClient) -> None:
    _name, refnum = _new_order(admin, payment="pending")
    assert refnum not in _offered(ro)
    assert _waiting(app_client)["financial_status"] >= 1


def test_a_new_order_waits_out_the_cooling_off_delay(
    e2e_settings: Settings, engine: Engine, admin: SandboxAdmin
) -> None:
    settings = e2e_settings.model_copy(update={"connector_order_delay_seconds": 600.0})
    old = (datetime.now(UTC) - timedelta(minutes=11)).replace(microsecond=0).isoformat()
    _, fresh = _new_order(admin)
    _, aged = _new_order(admin, created_at=old)
    app = create_app(settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        ro = action_poster(client)
        offered = _offered(ro)
        assert aged in offered
        assert fresh not in offered
        assert _waiting(client)["delay"] == 1
