"""SKU map warm-up, reconciliation, drift and commitments against the in-memory storefront."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text
from starlette.testclient import TestClient

from connector.domain.commitments import available_to_send
from connector.jobs.drift import check
from connector.jobs.gauges import refresh
from connector.jobs.inventory_flush import flush
from connector.jobs.order_sync import sync_orders
from connector.jobs.reconcile import reconcile
from connector.jobs.sku_map import warm
from connector.services import Services
from tests.support.calls import Call, run_job
from tests.support.fakes.orders import line, one_package, order
from tests.support.fakes.storefront import LOCATION, FakeStorefront, transient


def _services(client: TestClient) -> Services:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    return services


def test_warm_maps_every_variant_and_reports_pushed_skus_the_store_lacks(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    for i in range(5):
        storefront.add_variant(f"W-{i}")
    call(
        "inventory_push",
        inventory_updates=[{"sku": "W-0", "quantity_available": 1}, {"sku": "GONE", "quantity_available": 1}],
    )
    figures = run_job(client, warm)
    assert (figures.variants, figures.missing_in_store) == (5, 1)
    with _services(client).db.engine.connect() as conn:
        rows: dict[str, str | None] = dict(
            conn.execute(text("SELECT sku, inventory_item_id FROM sku_map")).all()
        )
    assert rows["GONE"] is None
    assert all(rows[f"W-{i}"] for i in range(5))


def test_reconcile_reapplies_missing_tags_and_repairs_tracking(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    storefront.fail_verb["add_tags"] = [transient() for _ in range(10)]
    call("order_acknowledge", orders=[{"channel_order_refnum": "1", "retailops_order_id": 5}])
    assert "retailops-imported" not in storefront.orders["gid://shopify/Order/1"].tags
    storefront.fail_verb.clear()
    call("order_shipment_submit", channel_order_refnum="1", shipment=one_package("TRK1", ("11", 1)))
    # Someone edits the tracking away in the store admin.
    placed = storefront.orders["gid://shopify/Order/1"]
    storefront.orders[placed.id] = replace(
        placed, fulfillments=(replace(placed.fulfillments[0], tracking=()),)
    )
    figures = run_job(client, reconcile)
    assert figures.tags_applied == 1
    assert figures.tracking_repaired == 1
    assert "retailops-imported" in storefront.orders[placed.id].tags
    assert storefront.orders[placed.id].fulfillments[0].tracking[0].number == "TRK1"
    assert figures.fulfilments_missing == []


def test_commitments_subtract_unacknowledged_orders_only(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2), line(12, "B", 1)))
    storefront.add_order(order(2, line(21, "A", 3)))
    call("order_acknowledge", orders=[{"channel_order_refnum": "2", "retailops_order_id": 1}])
    run_job(client, sync_orders)
    storefront.calls.clear()
    got = run_job(client, lambda services: services.commitments.read())
    assert got.units == {"A": 2, "B": 1}
    assert storefront.calls == []  # read from the order mirror, not the store
    assert available_to_send(5, "A", got) == 3
    assert available_to_send(1, "A", got) == 0
    assert available_to_send(4, "Z", got) == 4


def test_flush_subtracts_commitments_and_drift_reports_then_repairs(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    ref = storefront.add_variant("A")
    storefront.add_order(order(1, line(11, "A", 2)))
    run_job(client, sync_orders)
    call("inventory_push", inventory_updates=[{"sku": "A", "quantity_available": 10}])
    storefront.calls.clear()
    run_job(client, flush)
    assert not [c for c in storefront.calls if "order" in c]  # commitments come from the mirror
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 8
    clean = run_job(client, check, False)
    assert (clean.compared, clean.drifted) == (1, [])
    storefront.inventory[(ref.inventory_item_id, LOCATION)] = 3  # changed behind RetailOps' back
    _services(client).commitments.forget()
    reported = run_job(client, check, False)
    assert reported.drifted == ["A"]
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 3
    repaired = run_job(client, check, True)
    assert repaired.reasserted == 1
    run_job(client, flush)
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 8


def test_gauges_show_the_backlog_on_metrics(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_variant("G")
    call("inventory_push", inventory_updates=[{"sku": "G", "quantity_available": 2}])
    assert run_job(client, refresh)["inventory_pending"] == 1
    text = client.get("/metrics").text
    assert "connector_inventory_pending_skus 1.0" in text
    run_job(client, flush)
    run_job(client, refresh)
    assert "connector_inventory_pending_skus 0.0" in client.get("/metrics").text


def test_flush_waits_for_a_running_sku_map_warm_up(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    ref = storefront.add_variant("COLD")
    call("inventory_push", inventory_updates=[{"sku": "COLD", "quantity_available": 4}])
    services = _services(client)
    services.sku_map.begin()
    assert run_job(client, flush).waited_for_sku_map is True
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 0
    run_job(client, warm)  # finishing the warm-up clears the flag (and wakes the flusher)
    assert services.sku_map.since is None
    assert run_job(client, flush).delivered == 1
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 4
