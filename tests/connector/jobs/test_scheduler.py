"""The jobs run inside the app's lifespan: a push wakes the flusher, shutdown stops the scheduler."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, text
from starlette.testclient import TestClient

from connector.app import create_app
from connector.jobs.scheduler import start_jobs
from connector.settings import Settings
from tests.support.calls import action_poster
from tests.support.fakes.storefront import LOCATION, FakeStorefront


@contextmanager
def _push_with_jobs(
    settings: Settings, engine: Engine, store: FakeStorefront, sku: str, qty: int
) -> Iterator[TestClient]:
    """The app with its jobs running (long flush interval: only the wake-up flushes), after one push."""
    tuned = settings.model_copy(update={"connector_inventory_flush_seconds": 3600.0})
    app = create_app(tuned, engine=engine, storefront_factory=lambda _s: store, on_startup=start_jobs)
    with TestClient(app) as client:
        action_poster(client)("inventory_push", inventory_updates=[{"sku": sku, "quantity_available": qty}])
        yield client


def test_a_push_reaches_the_store_within_a_second_and_jobs_stop_with_the_app(
    settings: Settings, engine: Engine
) -> None:
    store = FakeStorefront()
    ref = store.add_variant("WAKE")
    with _push_with_jobs(settings, engine, store, "WAKE", 6):
        deadline = time.monotonic() + 2.0
        while store.inventory[(ref.inventory_item_id, LOCATION)] != 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert store.inventory[(ref.inventory_item_id, LOCATION)] == 6
        assert "iter_variants" in store.calls  # the SKU map was warmed at start
    assert store.calls[-1] == "aclose"


def test_job_runs_that_did_something_are_kept_in_the_history(settings: Settings, engine: Engine) -> None:
    store = FakeStorefront()
    store.add_variant("HIST")
    with _push_with_jobs(settings, engine, store, "HIST", 1):
        deadline = time.monotonic() + 3.0
        jobs: list[str] = []
        while "inventory_flush" not in jobs and time.monotonic() < deadline:
            time.sleep(0.05)
            with engine.connect() as conn:
                jobs = list(conn.execute(text("SELECT job FROM sync_run")).scalars())
    assert "inventory_flush" in jobs
    assert "sku_map_warm" in jobs


async def test_idle_runs_log_at_debug_and_busy_runs_at_info(
    settings: Settings, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    from connector.jobs.scheduler import _logged
    from connector.wiring import build_services

    services = build_services(settings, engine, FakeStorefront())

    async def idle() -> dict[str, int]:
        return {"delivered": 0}

    async def busy() -> dict[str, int]:
        return {"delivered": 3}

    with caplog.at_level(logging.DEBUG, logger="connector.jobs"):
        await _logged(services, "inventory_flush", idle)()
        await _logged(services, "intent_retry", busy)()
        await _logged(services, "metrics_gauges", busy)()
    levels = {
        r.getMessage().split(" ran")[0]: r.levelno for r in caplog.records if " ran in " in r.getMessage()
    }
    assert levels == {
        "job inventory_flush": logging.DEBUG,
        "job intent_retry": logging.INFO,
        "job metrics_gauges": logging.DEBUG,
    }
    assert services.ops.runs["inventory_flush"].outcome == "idle"
    assert services.ops.runs["intent_retry"].outcome == "ok"
