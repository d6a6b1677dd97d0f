"""The whole flow in one test: catalog_push → inventory_push → order_pull → acknowledge → ship → complete."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from connector.jobs.intent_retry import retry_due
from connector.jobs.inventory_flush import flush
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxAdmin

# The whole flow over HTTP against the sandbox store, on each database.
pytestmark = pytest.mark.slow


def _flush(app_client: TestClient) -> Any:
    return run_job(app_client, flush)


def _available(admin: SandboxAdmin, app_client: TestClient, sku: str) -> int:
    location = app_client.app.state.services.locations.primary  # type: ignore[attr-defined]
    [variant] = admin.inventory(sku)
    return int(variant["levels"][location]["available"])


def test_catalog_to_completion(ro: Call, admin: SandboxAdmin, app_client: TestClient) -> None:
    product = {
        "handle": "flow-tee",
        "title": "Flow Tee",
        "vendor": "Acme",
        "product_type": "Shirts",
        "tags": ["summer"],
        "options": [{"name": "Size", "values": ["S", "M"]}],
        "variants": [
            {"sku": "FLOW-S", "price": "19.99", "option_values": {"Size": "S"}, "barcode": "111"},
            {"sku": "FLOW-M", "price": 21.5, "compare_at_price": 25, "option_values": {"Size": "M"}},
        ],
    }
    assert ro("catalog_push", template_output={"products": [product]}) == {"events": []}

    pushed = ro(
        "inventory_push",
        inventory_updates=[
            {"sku": "FLOW-S", "quantity_available": 5},
            {"sku": "FLOW-M", "quantity_available": 8},
            {"sku": "NOT-IN-STORE", "quantity_available": 1},
        ],
    )
    assert [(e["code"], e["associations"][0]["identifier"]) for e in pushed["events"]] == [
        ("UNKNOWN_SKU", "NOT-IN-STORE")
    ]
    figures = _flush(app_client)
    assert figures.delivered == 2
    assert _available(admin, app_client, "FLOW-S") == 5
    assert _available(admin, app_client, "FLOW-M") == 8

    created = admin.add_order(
        {
            "lines": [{"sku": "FLOW-S", "quantity": 2}, {"sku": "FLOW-M", "quantity": 1}],
            "shipping": [{"title": "Standard", "price": "5.00"}],
        }
    )
    ref = created["id"].rsplit("/", 1)[-1]
    offered = {o["channel_order_refnum"]: o for o in ro("order_pull", page_token="")["orders"]}
    order = offered[ref]
    refs = {i["sku"]: i["channel_item_refnum"] for i in order["order_items"]}
    assert order["order_items"][0]["currency_values"]["unit_price"] == 19.99

    assert ro("order_acknowledge", orders=[{"channel_order_refnum": ref, "retailops_order_id": 42}]) == {
        "events": []
    }
    run_job(app_client, retry_due)  # the tag write the ack queued
    assert ref not in {o["channel_order_refnum"] for o in ro("order_pull", page_token="")["orders"]}

    shipment = {
        "retailops_shipment_id": 1,
        "packages": [
            {
                "retailops_package_id": 1,
                "carrier_name": "USPS",
                "tracking_number": "9400111899223100000000",
                "package_items": [{"channel_item_refnum": refs["FLOW-S"], "quantity": 2}],
            }
        ],
    }
    assert ro("order_shipment_submit", channel_order_refnum=ref, shipment=shipment) == {"events": []}
    completed = ro("order_complete", order={"channel_order_refnum": ref})
    assert completed["status"] == "success"
    assert [e["code"] for e in completed["events"]] == ["UNSHIPPED_REMOVED"]  # paid: refunded, and said so
    name = created["name"]
    state = admin.order(name)
    assert state["closed"] is True
    assert state["fulfillment_status"] == "FULFILLED"
    assert {li["sku"]: li["current_quantity"] for li in state["lines"]} == {"FLOW-S": 2, "FLOW-M": 0}
    assert "retailops-imported" in state["tags"]
