"""The jobs run inside the app's lifespan: a push wakes the flusher, shutdown stops the scheduler."""

from __future__ import annotations

import time

from sqlalchemy import Engine, text
from starlette.testclient import TestClient

from connector.app import create_app
from connector.jobs.scheduler import start_jobs
from connector.settings import Settings
from tests.conftest import AUTH_KEY
from tests.fakes.storefront import LOCATION, FakeStorefront


def test_a_push_reaches_the_store_within_a_second_and_jobs_stop_with_the_app(
    settings: Settings, engine: Engine
) -> None:
    store = FakeStorefront()
    ref = store.add_variant("WAKE")
    tuned = settings.model_copy(update={"connector_inventory_flush_seconds": 3600.0})
    app = create_app(tuned, engine=engine, storefront_factory=lambda _s: store, on_startup=start_jobs)
    with TestClient(app) as client:
        body = {
            "integration_auth_token": AUTH_KEY,
            "action": "inventory_push",
            "version": 1,
            "client_id": 1,
            "channel_info": {"id": 1},
            "inventory_updates": [{"sku": "WAKE", "quantity_available": 6}],
        }
        assert client.post("/inventory_push_v1", json=body).status_code == 200
        deadline = time.monotonic() + 2.0
        while store.inventory[(ref.inventory_item_id, LOCATION)] != 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert store.inventory[(ref.inventory_item_id, LOCATION)] == 6
        assert "iter_variants" in store.calls  # the SKU map was warmed at start
    assert store.calls[-1] == "aclose"


def test_job_runs_that_did_something_are_kept_in_the_history(settings: Settings, engine: Engine) -> None:
    store = FakeStorefront()
    store.add_variant("HIST")
    tuned = settings.model_copy(update={"connector_inventory_flush_seconds": 3600.0})
    app = create_app(tuned, engine=engine, storefront_factory=lambda _s: store, on_startup=start_jobs)
    with TestClient(app) as client:
        body = {
            "integration_auth_token": AUTH_KEY,
            "action": "inventory_push",
            "version": 1,
            "client_id": 1,
            "channel_info": {"id": 1},
            "inventory_updates": [{"sku": "HIST", "quantity_available": 1}],
        }
        client.post("/inventory_push_v1", json=body)
        deadline = time.monotonic() + 3.0
        jobs: list[str] = []
        while "inventory_flush" not in jobs and time.monotonic() < deadline:
            time.sleep(0.05)
            with engine.connect() as conn:
                jobs = list(conn.execute(text("SELECT job FROM sync_run")).scalars())
    assert "inventory_flush" in jobs
    assert "sku_map_warm" in jobs
