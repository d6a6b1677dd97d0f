"""order_sync's bulk backfill over HTTP: busy, failed, denied and hours-long exports fall back to pages."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import Engine

from connector.db.types import utcnow
from connector.jobs.order_backfill import BULK
from connector.jobs.order_sync import sync_orders
from connector.repo import cursors
from connector.services import Services
from tests.e2e.order_backfill.harness import (
    connector_app,
    mirror,
    open_ids,
    operations,
    read_cursor,
    sandbox_settings,
    set_cursor,
)
from tests.support.calls import run_job
from tests.support.sandbox import SandboxAdmin, SandboxServer


def test_bulk_operations_busy_fall_back_to_pages(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.bulk(bulk_running_polls=1000)
    with connector_app(sandbox_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        # Five other exports (the most Shopify runs at once per app and shop) are still running.
        for _ in range(5):
            assert run_job(client, lambda s: s.storefront.start_order_export(None, True)) is not None
        figures = run_job(client, sync_orders)
        assert figures.bulk == "busy"
        assert figures.complete
        assert figures.pages >= 2
        assert read_cursor(client, BULK) is None
    assert set(mirror(sqlite_engine)) == open_ids(sandbox)


@pytest.mark.parametrize(
    ("outcome", "code"), [("FAILED", "INTERNAL_SERVER_ERROR"), ("EXPIRED", None), ("CANCELED", None)]
)
def test_a_failed_or_expired_export_falls_back_to_pages_and_bulk_rests(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin, outcome: str, code: str | None
) -> None:
    admin.bulk(bulk_outcome=outcome, bulk_error_code=code)
    with connector_app(sandbox_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        figures = run_job(client, sync_orders)
        assert figures.bulk == "failed"
        assert figures.complete
        assert set(mirror(sqlite_engine)) == open_ids(sandbox)
        # A lagging cursor right after a failure is caught up by pages, not by another export.
        set_cursor(client, utcnow() - timedelta(hours=7))
        admin.clear_calls()
        assert run_job(client, sync_orders).bulk == "off"
        assert "BulkRunQuery" not in operations(admin)


def test_an_export_denied_customer_data_falls_back_to_pages_that_report_the_withheld_fields(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.http.post("/_sandbox/config", json={"deny_protected_customer_data": True})
    with connector_app(sandbox_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        figures = run_job(client, sync_orders)
    assert figures.bulk == "failed"
    assert figures.complete
    assert set(mirror(sqlite_engine)) == open_ids(sandbox)


def test_an_export_running_for_hours_is_given_up_for_pages(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.bulk(bulk_running_polls=1000)
    with connector_app(sandbox_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        assert run_job(client, sync_orders).bulk == "running"
        record = json.loads(str(read_cursor(client, BULK)))
        record["started"] = (utcnow() - timedelta(hours=3)).isoformat()

        async def age(services: Services) -> None:
            await services.db.run(partial(cursors.put, name=BULK, value=json.dumps(record)))

        run_job(client, age)
        figures = run_job(client, sync_orders)
        assert figures.bulk == "failed"
        assert figures.complete
    assert set(mirror(sqlite_engine)) == open_ids(sandbox)
