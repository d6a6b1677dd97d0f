"""Issue 9 A3 over HTTP against the sandbox: a refused item is parked alone with Shopify's message,
the rest lands at once; a spent key is never reused; duplicate (item, location) pairs are merged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, select
from starlette.testclient import TestClient

from connector.app import create_app, default_storefront
from connector.db.tables import InventoryBuffer
from connector.db.types import utcnow
from connector.jobs.inventory_flush import flush
from connector.settings import Settings
from tests.support.calls import Call, action_poster, run_job
from tests.support.sandbox import SandboxAdmin as Admin
from tests.support.sandbox import SandboxServer as ServerHandle

# Real servers (and, for guarantees, `serve` processes) for seconds each.
pytestmark = pytest.mark.slow

SKUS = [f"SBX-0000{p}-{s}" for p in (1, 2, 3) for s in ("S", "M", "L")]


def _push(ro: Call, quantities: dict[str, int]) -> None:
    ro(
        "inventory_push",
        inventory_updates=[{"sku": s, "quantity_available": q} for s, q in quantities.items()],
    )


def _available(admin: Admin, app_client: TestClient, sku: str) -> int:
    location = app_client.app.state.services.locations.primary  # type: ignore[attr-defined]
    [variant] = admin.inventory(sku)
    return int(variant["levels"][location]["available"])


def _rows(engine: Engine) -> dict[tuple[str, str], InventoryBuffer]:
    with Session(engine) as session:
        return {(r.sku, r.location_id): r for r in session.exec(select(InventoryBuffer)).all()}


def _make_due(engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(update(InventoryBuffer).values(claimed_until=utcnow() - timedelta(seconds=1)))
        session.commit()


def _set_calls(admin: Admin) -> int:
    return sum("inventorySetQuantities" in c["root_fields"] for c in admin.calls())


def _unstock(sandbox: ServerHandle, sku: str) -> None:
    """Take the SKU's item off the primary location: Shopify then refuses that one item."""
    store = sandbox.runtime.store
    with store.lock:
        item = store.items[store.variant_by_sku(sku)[0].inventory_item_id]
        level = item.levels.pop(store.primary_location.id)
        store.levels.pop(level.id)


def test_one_refused_item_is_parked_alone_with_shopifys_message(
    ro: Call, admin: Admin, app_client: TestClient, sandbox: ServerHandle, engine: Engine
) -> None:
    _push(ro, dict.fromkeys(SKUS, 1))
    assert run_job(app_client, flush).delivered == len(SKUS)
    _unstock(sandbox, SKUS[4])
    before = _set_calls(admin)
    _push(ro, {sku: 40 + n for n, sku in enumerate(SKUS)})
    figures = run_job(app_client, flush)
    assert (figures.delivered, figures.failed) == (len(SKUS) - 1, 1)
    assert _set_calls(admin) - before == 2  # the refused batch, then the rest at once
    rows = _rows(engine)
    for sku in SKUS[:4] + SKUS[5:]:  # what was sent (seeded orders' commitments subtracted) landed
        row = rows[(sku, "default")]
        assert row.delivered_seq == row.seq
        assert _available(admin, app_client, sku) == row.delivered_quantity
    parked = rows[(SKUS[4], "default")]
    assert parked.delivered_seq < parked.seq
    assert parked.last_error is not None
    assert "The specified inventory item is not stocked at the location." in parked.last_error


def test_a_refused_item_goes_again_under_a_new_key_once_the_cause_is_fixed(
    ro: Call, admin: Admin, app_client: TestClient, sandbox: ServerHandle, engine: Engine
) -> None:
    _push(ro, {SKUS[0]: 1})
    run_job(app_client, flush)
    _unstock(sandbox, SKUS[0])
    _push(ro, {SKUS[0]: 7})
    assert run_job(app_client, flush).failed == 1
    store = sandbox.runtime.store
    with store.lock:  # the merchant stocks the item at the location again
        store.ensure_level(
            store.items[store.variant_by_sku(SKUS[0])[0].inventory_item_id], store.primary_location.id
        )
    _make_due(engine)
    assert run_job(app_client, flush).delivered == 1  # the spent key was not sent back as the answer
    row = _rows(engine)[(SKUS[0], "default")]
    assert (row.last_error, row.delivered_seq) == (None, row.seq)
    assert _available(admin, app_client, SKUS[0]) == row.delivered_quantity


@pytest.fixture
def facility_client(e2e_settings: Settings, engine: Engine, sandbox: ServerHandle) -> Iterator[TestClient]:
    """The connector with a facility mapped to the primary location (the default location too)."""
    primary = f"gid://shopify/Location/{sandbox.runtime.store.primary_location.id}"
    mapped = {
        "connector_facility_locations": json.dumps({"Main": primary}),
        "connector_subtract_committed": False,
    }
    settings = e2e_settings.model_copy(update=mapped)
    app = create_app(settings, engine=engine, storefront_factory=default_storefront)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_duplicate_item_location_pairs_are_merged_and_the_newest_push_wins(
    facility_client: TestClient, admin: Admin, engine: Engine
) -> None:
    ro = action_poster(facility_client)
    _push(ro, {SKUS[1]: 3, SKUS[2]: 4})
    detail = [{"facility_name": "Main", "available_quantity": 9}]
    ro(
        "inventory_push",
        inventory_updates=[{"sku": SKUS[1], "quantity_available": 9, "quantity_detail": detail}],
    )
    figures = run_job(facility_client, flush)
    assert (figures.delivered, figures.failed) == (3, 0)
    rows = _rows(engine)
    assert all(r.delivered_seq == r.seq for r in rows.values())
    assert [r.delivered_quantity for (sku, _loc), r in sorted(rows.items()) if sku == SKUS[1]] == [9, 9]
    assert _available(admin, facility_client, SKUS[1]) == 9
    assert _available(admin, facility_client, SKUS[2]) == 4
