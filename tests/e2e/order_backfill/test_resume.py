"""order_sync's bulk backfill over HTTP: a stopped run resumes its export, acknowledged orders stay out."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from connector.jobs.order_backfill import BULK
from connector.jobs.order_sync import sync_orders
from storefront_clients.base import OrderExportBatch
from storefront_clients.errors import TransientStorefrontError
from tests.e2e.order_backfill.harness import (
    connector_app,
    mirror,
    open_ids,
    operations,
    read_cursor,
    sandbox_settings,
)
from tests.support.calls import action_poster, run_job
from tests.support.sandbox import SandboxAdmin, SandboxServer


def test_a_restart_while_the_export_runs_resumes_by_its_stored_id(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.bulk(bulk_running_polls=2)
    settings = sandbox_settings(sqlite_engine, sandbox)
    with connector_app(settings, sqlite_engine) as client:
        figures = run_job(client, sync_orders)
        assert figures.bulk == "running"
        assert figures.pages == 0  # pages would read what the export is reading
        assert read_cursor(client) is None
        assert read_cursor(client, BULK) is not None
    assert mirror(sqlite_engine) == {}
    for expected in ("running", "applied"):  # each a fresh process on the same database
        with connector_app(settings, sqlite_engine) as client:
            assert run_job(client, sync_orders).bulk == expected
    assert operations(admin).count("BulkRunQuery") == 1
    assert set(mirror(sqlite_engine)) == open_ids(sandbox)


def test_the_cursor_moves_only_after_the_whole_file_and_nothing_acknowledged_is_offered_again(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = sandbox_settings(sqlite_engine, sandbox, connector_order_delay_seconds=0.0)
    with connector_app(settings, sqlite_engine) as client:
        storefront = client.app.state.services.storefront  # type: ignore[attr-defined]
        real = storefront.iter_order_export

        async def dies_after_two(url: str) -> AsyncIterator[OrderExportBatch]:
            batches = 0
            async for batch in real(url):
                yield batch
                batches += 1
                if batches == 2:
                    raise TransientStorefrontError("bulk result download: connection reset")

        monkeypatch.setattr(storefront, "iter_order_export", dies_after_two)
        monkeypatch.setattr("storefront_clients.shopify.ops_bulk_orders.BATCH", 100)
        with pytest.raises(TransientStorefrontError):
            run_job(client, sync_orders)
        assert read_cursor(client) is None  # half a file applied: the cursor has not moved
        assert read_cursor(client, BULK) is not None
        assert 0 < len(mirror(sqlite_engine)) < len(open_ids(sandbox))

        ro = action_poster(client)
        # order_pull tries to catch up first (the download breaks again), then answers from the mirror.
        pulled = ro("order_pull", page_token="")["orders"]
        assert pulled
        refnums = [o["channel_order_refnum"] for o in pulled]
        ro(
            "order_acknowledge",
            orders=[
                {"channel_order_refnum": r, "retailops_order_id": 900000 + i} for i, r in enumerate(refnums)
            ],
        )

        monkeypatch.setattr(storefront, "iter_order_export", real)
        figures = run_job(client, sync_orders)
        assert figures.bulk == "applied"  # the same operation's file, applied again from the top
        assert read_cursor(client) is not None
        assert set(mirror(sqlite_engine)) == open_ids(sandbox)
        offered: set[str] = set()
        token = ""
        while True:
            page = ro("order_pull", page_token=token)
            offered |= {o["channel_order_refnum"] for o in page["orders"]}
            token = page.get("next_page_token") or ""
            if not token or not page["orders"]:
                break
        assert offered
        assert offered.isdisjoint(refnums)
    assert operations(admin).count("BulkRunQuery") == 1


def test_a_lost_answer_to_the_start_adopts_the_export_instead_of_starting_another(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.set_faults([{"kind": "applied_then_500", "match": "BulkRunQuery", "count": 1}])
    with connector_app(sandbox_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        figures = run_job(client, sync_orders)
    assert figures.bulk == "applied"
    assert len([o for o in sandbox.store.bulk_operations.values() if "orders(" in o.query]) == 1
    assert "RecentBulkOperations" in operations(admin)
    assert set(mirror(sqlite_engine)) == open_ids(sandbox)
