"""order_sync's bulk backfill over HTTP: the first fill and large catch-ups are one bulk operation."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from connector.db.types import utcnow
from connector.jobs.order_backfill import BULK
from connector.jobs.order_sync import sync_orders
from tests.e2e.order_backfill.harness import (
    EXTRA,
    SKU,
    connector_app,
    mirror,
    open_ids,
    operations,
    points,
    read_cursor,
    sandbox_settings,
    set_cursor,
)
from tests.support.calls import run_job
from tests.support.sandbox import SandboxAdmin, SandboxServer


def test_the_first_backfill_is_one_bulk_operation_and_leaves_the_bucket_full(
    engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin, paged_engine: Engine
) -> None:
    admin.clear_calls()
    with connector_app(sandbox_settings(engine, sandbox), engine) as client:
        figures = run_job(client, sync_orders)
        assert figures.bulk == "applied"
        assert figures.bulk_orders == len(open_ids(sandbox)) > EXTRA
        assert figures.complete
        assert read_cursor(client, BULK) is None
    ops = operations(admin)
    assert ops.count("BulkRunQuery") == 1
    assert "OrdersById" not in ops  # the export carries the mapped fields
    # One continuation page from the export's start: what changed while it ran.
    assert ops.count("OrderFactsPage") == 1
    bulk_points = points(admin)
    assert bulk_points < 100
    bulk_mirror = mirror(engine)
    assert set(bulk_mirror) == open_ids(sandbox)

    # The same store read page by page (bulk off) fills the same mirror, at a cost per order.
    admin.clear_calls()
    paged_settings = sandbox_settings(paged_engine, sandbox, connector_order_bulk_catchup_seconds=0)
    with connector_app(paged_settings, paged_engine) as client:
        paged = run_job(client, sync_orders)
    assert paged.bulk == "off"
    assert paged.pages >= 2
    paged_mirror = mirror(paged_engine)
    assert set(paged_mirror) == set(bulk_mirror)
    assert points(admin) > 20 * bulk_points
    same = [i for i in bulk_mirror if bulk_mirror[i] == paged_mirror[i]]
    # Orders with over 10 transactions differ: a page reads only the first 10 of them.
    assert len(same) >= len(bulk_mirror) - 5


def test_a_catch_up_over_the_threshold_goes_through_bulk_and_below_it_through_pages(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    with connector_app(sandbox_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        run_job(client, sync_orders)
        created = admin.add_order({"lines": [{"sku": SKU, "quantity": 1}], "payment": "paid"})
        set_cursor(client, utcnow() - timedelta(hours=7))
        admin.clear_calls()
        figures = run_job(client, sync_orders)
        assert figures.bulk == "applied"
        assert created["id"] in mirror(sqlite_engine)
        assert datetime.fromisoformat(str(read_cursor(client))) > utcnow() - timedelta(minutes=1)
        assert "OrdersById" not in operations(admin)

        second = admin.add_order({"lines": [{"sku": SKU, "quantity": 1}], "payment": "paid"})
        set_cursor(client, utcnow() - timedelta(hours=5))
        admin.clear_calls()
        figures = run_job(client, sync_orders)
        assert figures.bulk == "off"
        assert figures.pages >= 1
        assert "BulkRunQuery" not in operations(admin)
        assert second["id"] in mirror(sqlite_engine)
