"""The reconcile job against the sandbox over HTTP: one lean read checks every recent write.

It re-checks the 50 newest shipments and cancellations every run; with the full order document
that was ~44 points an order, twice, every 5 minutes: now a few points an order, in one query.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from connector.jobs.reconcile import reconcile
from tests.e2e.test_order_paths import package
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxAdmin as Admin
from tests.support.sandbox import SandboxServer


def numeric(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def ship(ro: Call, order: dict[str, Any], pid: int, quantity: int = 1) -> None:
    line = numeric(order["lines"][0]["id"])
    shipment = {"retailops_shipment_id": pid, "packages": [package(pid, (line, quantity))]}
    body = ro("order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)
    assert body["events"] == []


def test_one_lean_read_checks_shipments_and_cancellations(
    ro: Call, admin: Admin, app_client: TestClient
) -> None:
    shipped = [admin.add_order({"lines": [{"sku": "SBX-00001-S", "quantity": 1}]}) for _ in range(3)]
    for n, order in enumerate(shipped, start=1):
        ship(ro, order, n)
    cancelled = admin.add_order({"lines": [{"sku": "SBX-00002-M", "quantity": 1}]})
    assert ro("order_cancel", order={"channel_order_refnum": numeric(cancelled["id"])})["events"] == []
    admin.clear_calls()
    figures = run_job(app_client, reconcile)
    assert (figures.fulfilments_missing, figures.cancels_missing, figures.tracking_repaired) == ([], [], 0)
    [read] = admin.calls()
    assert read["operation"] == "OrderStatesById"
    # Four orders for a handful of points (5 here), where the full document cost ~44 actual points each.
    assert read["actual_cost"] <= 12


def test_a_shipment_past_the_fifth_fulfilment_is_found(
    ro: Call, admin: Admin, app_client: TestClient
) -> None:
    before = 7
    order = admin.add_order(
        {
            "lines": [{"sku": "SBX-00003-S", "quantity": before + 1}],
            "fulfilled": {"SBX-00003-S": before},
            "fulfillment_count": before,
        }
    )
    ship(ro, order, 8)
    admin.clear_calls()
    figures = run_job(app_client, reconcile)
    assert figures.fulfilments_missing == []
    # The list came back exactly full: it was read again, longer.
    assert [c["operation"] for c in admin.calls()] == ["OrderStatesById", "OrderFulfillments"]


def test_a_shipment_missing_from_the_store_is_reported(
    ro: Call, admin: Admin, app_client: TestClient, sandbox: SandboxServer
) -> None:
    order = admin.add_order({"lines": [{"sku": "SBX-00001-M", "quantity": 1}]})
    ship(ro, order, 9)
    with sandbox.store.lock:  # gone from the store behind the connector's back
        sandbox.store.orders[int(numeric(order["id"]))].fulfillments.clear()
    figures = run_job(app_client, reconcile)
    assert figures.fulfilments_missing == ["ship:" + numeric(order["id"]) + ":9:9"]
