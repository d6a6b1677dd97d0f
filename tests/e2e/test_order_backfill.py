"""order_sync's bulk backfill over HTTP against the sandbox: the first fill and large catch-ups go
through one bulk operation (no pages, almost no request-bucket points); busy, failed and expired
exports fall back to pages; a run that stops mid-operation or mid-file resumes without moving
the cursor early, and nothing RetailOps acknowledged is offered again."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session
from starlette.testclient import TestClient

from connector.app import create_app, default_storefront
from connector.db.engine import make_engine
from connector.db.tables import OrderMirror
from connector.db.types import utcnow
from connector.jobs import order_backfill
from connector.jobs.order_backfill import BULK
from connector.jobs.order_sync import CURSOR, sync_orders
from connector.repo import cursors
from connector.services import Services
from connector.settings import Settings
from storefront_clients.base import OrderExportBatch
from storefront_clients.errors import TransientStorefrontError
from tests.support.builders import seeded_store, settings_for
from tests.support.calls import action_poster, run_job
from tests.support.sandbox import SandboxAdmin, SandboxServer, start_sandbox

EXTRA = 400
SKU = "SBX-00001-S"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A store with a few hundred open orders (the shaped seed plus EXTRA)."""
    server = start_sandbox(seeded_store(extra_orders=EXTRA))
    yield server
    server.stop()


@pytest.fixture
def paged_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A second, empty connector database (for the same store read page by page)."""
    path = tmp_path / "paged.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def one_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run reads an operation's status once (the sandbox's RUNNING reads are counted)."""
    monkeypatch.setattr(order_backfill, "POLL_BUDGET_SECONDS", 0.0)


def _settings(engine: Engine, sandbox: SandboxServer, **overrides: Any) -> Settings:
    url = engine.url.render_as_string(hide_password=False)
    return settings_for(url, sandbox.base_url, sandbox.token, **overrides)


def _app(settings: Settings, engine: Engine) -> TestClient:
    return TestClient(create_app(settings, engine=engine, storefront_factory=default_storefront))


def _mirror(engine: Engine) -> dict[str, str | None]:
    with Session(engine) as session:
        return {r.store_order_id: r.payload for r in session.execute(select(OrderMirror)).scalars()}


def _cursor(client: TestClient, name: str = CURSOR) -> str | None:
    async def read(services: Services) -> str | None:
        return await services.db.run(partial(cursors.get, name=name))

    return run_job(client, read)  # type: ignore[no-any-return]


def _set_cursor(client: TestClient, value: datetime) -> None:
    async def write(services: Services) -> None:
        await services.db.run(partial(cursors.put, name=CURSOR, value=value.isoformat()))

    run_job(client, write)


def _ops(admin: SandboxAdmin) -> list[str]:
    return [str(c["operation"]) for c in admin.calls()]


def _points(admin: SandboxAdmin) -> int:
    return sum(int(c["actual_cost"] or 0) for c in admin.calls())


def _open_ids(sandbox: SandboxServer) -> set[str]:
    return {
        f"gid://shopify/Order/{o.id}"
        for o in sandbox.store.orders.values()
        if o.cancelled_at is None and not o.closed
    }


def test_the_first_backfill_is_one_bulk_operation_and_leaves_the_bucket_full(
    engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin, paged_engine: Engine
) -> None:
    admin.clear_calls()
    with _app(_settings(engine, sandbox), engine) as client:
        figures = run_job(client, sync_orders)
        assert figures.bulk == "applied"
        assert figures.bulk_orders == len(_open_ids(sandbox)) > EXTRA
        assert figures.complete
        assert _cursor(client, BULK) is None
    ops = _ops(admin)
    assert ops.count("BulkRunQuery") == 1
    assert "OrdersById" not in ops  # the export carries the mapped fields
    # One continuation page from the export's start: what changed while it ran.
    assert ops.count("OrderFactsPage") == 1
    bulk_points = _points(admin)
    assert bulk_points < 100
    bulk_mirror = _mirror(engine)
    assert set(bulk_mirror) == _open_ids(sandbox)

    # The same store read page by page (bulk off) fills the same mirror, at a cost per order.
    admin.clear_calls()
    paged_settings = _settings(paged_engine, sandbox, connector_order_bulk_catchup_seconds=0)
    with _app(paged_settings, paged_engine) as client:
        paged = run_job(client, sync_orders)
    assert paged.bulk == "off"
    assert paged.pages >= 2
    paged_mirror = _mirror(paged_engine)
    assert set(paged_mirror) == set(bulk_mirror)
    assert _points(admin) > 20 * bulk_points
    same = [i for i in bulk_mirror if bulk_mirror[i] == paged_mirror[i]]
    # Orders with over 10 transactions differ: a page reads only the first 10 of them.
    assert len(same) >= len(bulk_mirror) - 5


def test_a_catch_up_over_the_threshold_goes_through_bulk_and_below_it_through_pages(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    with _app(_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        run_job(client, sync_orders)
        created = admin.add_order({"lines": [{"sku": SKU, "quantity": 1}], "payment": "paid"})
        _set_cursor(client, utcnow() - timedelta(hours=7))
        admin.clear_calls()
        figures = run_job(client, sync_orders)
        assert figures.bulk == "applied"
        assert created["id"] in _mirror(sqlite_engine)
        assert datetime.fromisoformat(str(_cursor(client))) > utcnow() - timedelta(minutes=1)
        assert "OrdersById" not in _ops(admin)

        second = admin.add_order({"lines": [{"sku": SKU, "quantity": 1}], "payment": "paid"})
        _set_cursor(client, utcnow() - timedelta(hours=5))
        admin.clear_calls()
        figures = run_job(client, sync_orders)
        assert figures.bulk == "off"
        assert figures.pages >= 1
        assert "BulkRunQuery" not in _ops(admin)
        assert second["id"] in _mirror(sqlite_engine)


def test_bulk_operations_busy_fall_back_to_pages(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.bulk(bulk_running_polls=1000)
    with _app(_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        # Five other exports (the most Shopify runs at once per app and shop) are still running.
        for _ in range(5):
            assert run_job(client, lambda s: s.storefront.start_order_export(None, True)) is not None
        figures = run_job(client, sync_orders)
        assert figures.bulk == "busy"
        assert figures.complete
        assert figures.pages >= 2
        assert _cursor(client, BULK) is None
    assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)


@pytest.mark.parametrize(
    ("outcome", "code"), [("FAILED", "INTERNAL_SERVER_ERROR"), ("EXPIRED", None), ("CANCELED", None)]
)
def test_a_failed_or_expired_export_falls_back_to_pages_and_bulk_rests(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin, outcome: str, code: str | None
) -> None:
    admin.bulk(bulk_outcome=outcome, bulk_error_code=code)
    with _app(_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        figures = run_job(client, sync_orders)
        assert figures.bulk == "failed"
        assert figures.complete
        assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)
        # A lagging cursor right after a failure is caught up by pages, not by another export.
        _set_cursor(client, utcnow() - timedelta(hours=7))
        admin.clear_calls()
        assert run_job(client, sync_orders).bulk == "off"
        assert "BulkRunQuery" not in _ops(admin)


def test_a_restart_while_the_export_runs_resumes_by_its_stored_id(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.bulk(bulk_running_polls=2)
    settings = _settings(sqlite_engine, sandbox)
    with _app(settings, sqlite_engine) as client:
        figures = run_job(client, sync_orders)
        assert figures.bulk == "running"
        assert figures.pages == 0  # pages would read what the export is reading
        assert _cursor(client) is None
        assert _cursor(client, BULK) is not None
    assert _mirror(sqlite_engine) == {}
    for expected in ("running", "applied"):  # each a fresh process on the same database
        with _app(settings, sqlite_engine) as client:
            assert run_job(client, sync_orders).bulk == expected
    assert _ops(admin).count("BulkRunQuery") == 1
    assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)


def test_the_cursor_moves_only_after_the_whole_file_and_nothing_acknowledged_is_offered_again(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(sqlite_engine, sandbox, connector_order_delay_seconds=0.0)
    with _app(settings, sqlite_engine) as client:
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
        assert _cursor(client) is None  # half a file applied: the cursor has not moved
        assert _cursor(client, BULK) is not None
        assert 0 < len(_mirror(sqlite_engine)) < len(_open_ids(sandbox))

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
        assert _cursor(client) is not None
        assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)
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
    assert _ops(admin).count("BulkRunQuery") == 1


def test_a_lost_answer_to_the_start_adopts_the_export_instead_of_starting_another(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.set_faults([{"kind": "applied_then_500", "match": "BulkRunQuery", "count": 1}])
    with _app(_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        figures = run_job(client, sync_orders)
    assert figures.bulk == "applied"
    assert len([o for o in sandbox.store.bulk_operations.values() if "orders(" in o.query]) == 1
    assert "RecentBulkOperations" in _ops(admin)
    assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)


def test_an_export_denied_customer_data_falls_back_to_pages_that_report_the_withheld_fields(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.http.post("/_sandbox/config", json={"deny_protected_customer_data": True})
    with _app(_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        figures = run_job(client, sync_orders)
    assert figures.bulk == "failed"
    assert figures.complete
    assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)


def test_an_export_running_for_hours_is_given_up_for_pages(
    sqlite_engine: Engine, sandbox: SandboxServer, admin: SandboxAdmin
) -> None:
    admin.bulk(bulk_running_polls=1000)
    with _app(_settings(sqlite_engine, sandbox), sqlite_engine) as client:
        assert run_job(client, sync_orders).bulk == "running"
        record = json.loads(str(_cursor(client, BULK)))
        record["started"] = (utcnow() - timedelta(hours=3)).isoformat()

        async def age(services: Services) -> None:
            await services.db.run(partial(cursors.put, name=BULK, value=json.dumps(record)))

        run_job(client, age)
        figures = run_job(client, sync_orders)
        assert figures.bulk == "failed"
        assert figures.complete
    assert set(_mirror(sqlite_engine)) == _open_ids(sandbox)
