"""The official verifier's procedure over the official examples, against a seeded sandbox store.

For each of the eleven actions: the official example with the test key answers 200 with a body valid
against the action's targetSchema, and the same example with a wrong key answers 401 (22 checks). The
examples name ids no store has ("496", "string", SKU "S12345"); `populated` maps them onto the seeded
store's orders, lines and SKUs and keeps every other field, so each answer carries real content (orders
pulled, lines answered, fulfilments, captures, refunds applied), which the tests read back from the store.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from connector.jobs.intent_retry import retry_due
from connector.jobs.inventory_flush import flush
from connector.retailops import ACTIONS, request_validator, target_validator
from tests.support.builders import official_example as example
from tests.support.calls import run_job
from tests.support.paths import SHARED_EXAMPLES, VENDORED_EXAMPLES
from tests.support.sandbox import SandboxAdmin

# A SKU of the seeded catalog that no seeded order holds: the pushed quantity reaches the store as is.
FREE_SKU = "SBX-00008-M"
PRODUCT = {
    "handle": "conformance-tee",
    "title": "Conformance Tee",
    "vendor": "Acme",
    "product_type": "Shirts",
    "options": [{"name": "Size", "values": ["S"]}],
    "variants": [{"sku": "CONF-S", "price": "19.99", "option_values": {"Size": "S"}}],
}


def _order_lines(order: dict[str, Any], ref: str, sku: str, quantity: int) -> None:
    """Point the example order's unshipped items and package items at one real line."""
    for item in order.get("unshipped_items") or []:
        item.update(channel_item_refnum=ref, sku=sku, ordered_quantity=quantity, unshipped_quantity=quantity)
    for shipment in order.get("shipments") or []:
        for package in shipment["packages"]:
            for item in package["package_items"]:
                item.update(channel_item_refnum=ref, sku=sku, quantity=1)


def _shipment_items(shipment: dict[str, Any], ref: str, sku: str) -> None:
    for package in shipment["packages"]:
        for item in package["package_items"]:
            item.update(channel_item_refnum=ref, sku=sku, quantity=1)


def populated(action: str, body: dict[str, Any], admin: SandboxAdmin) -> dict[str, Any]:
    """The example with its placeholder ids mapped onto the seeded store; every other field kept."""
    if action == "catalog_push":
        body["template_output"] = {"products": [PRODUCT]}
    elif action == "inventory_push":
        body["inventory_updates"][0]["sku"] = FREE_SKU
    elif action == "order_acknowledge":
        body["orders"][0]["channel_order_refnum"] = admin.refnum("#1001")
    elif action == "order_cancel":
        body["order"]["channel_order_refnum"] = admin.refnum("#1002")
    elif action == "order_update":
        order = body["order"]
        order["channel_order_refnum"] = admin.refnum("#1001")
        ref = admin.line_ref("#1001", "SBX-00002-S")
        order["order_items"][0].update(channel_item_refnum=ref, sku="SBX-00002-S")
        _order_lines(order, admin.line_ref("#1001", "SBX-00001-M"), "SBX-00001-M", 2)
    elif action == "order_shipment_submit":
        body["channel_order_refnum"] = admin.refnum("#1001")
        _shipment_items(body["shipment"], admin.line_ref("#1001", "SBX-00001-M"), "SBX-00001-M")
    elif action == "order_complete":
        order = body["order"]
        order["channel_order_refnum"] = admin.refnum("#1006")
        _order_lines(order, admin.line_ref("#1006", "SBX-00002-S"), "SBX-00002-S", 1)
    elif action == "order_settle_payment":
        # An authorization larger than the example's 100.32, so the example's amount is captured as is.
        created = admin.add_order(
            {"lines": [{"sku": "SBX-00001-M", "quantity": 20}], "payment": "authorized"}
        )
        body["order"]["channel_order_refnum"] = created["id"].rsplit("/", 1)[-1]
        body["order"]["unshipped_items"] = []
        body["order"]["shipments"] = []
    elif action == "order_returned":
        order = body["order"]
        order["channel_order_refnum"] = admin.refnum("#1006")
        ref = admin.line_ref("#1006", "SBX-00004-M")
        _order_lines(order, ref, "SBX-00004-M", 4)
        body["return"]["items"][0].update(channel_item_refnum=ref, sku="SBX-00004-M")
    return body


def _catalog_get_config(answer: dict[str, Any], *_: Any) -> None:
    assert answer["sku_fanout"] in ("related_skus", "no_fanout")


def _catalog_push(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    assert answer["events"] == []
    [variant] = admin.inventory("CONF-S")
    assert variant["sku"] == "CONF-S"


def _inventory_push(answer: dict[str, Any], admin: SandboxAdmin, client: TestClient) -> None:
    assert answer["events"] == []
    assert run_job(client, flush).delivered == 1
    assert admin.available([FREE_SKU], admin.primary_location()) == {FREE_SKU: 24}


def _order_pull(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    orders = answer["orders"]
    # The seeded store has eleven orders; one is closed and one cancelled before any import.
    assert len(orders) >= 8, [o["channel_order_refnum"] for o in orders]
    for order in orders:
        assert order["order_items"], order["channel_order_refnum"]
        assert all(i["sku"] and i["channel_item_refnum"] and i["quantity"] > 0 for i in order["order_items"])
        assert order["currency_code"]
        assert order["customer_info"]
    first = next(o for o in orders if o["channel_order_refnum"] == admin.refnum("#1001"))
    assert {i["sku"] for i in first["order_items"]} == {"SBX-00001-M", "SBX-00002-S"}


def _order_acknowledge(answer: dict[str, Any], admin: SandboxAdmin, client: TestClient) -> None:
    assert answer["events"] == []
    run_job(client, retry_due)  # the tag write the acknowledgement queued
    assert "retailops-imported" in admin.order("#1001")["tags"]


def _order_update(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    assert answer["events"] == []
    ref = admin.line_ref("#1001", "SBX-00002-S")
    assert {li["order_item_id"]: (li["refnum"], li.get("quantity")) for li in answer["line_items"]} == {
        5235: (ref, 0)
    }
    assert set(answer["values"]) >= {"shipping_amt", "tax_amt"}
    lines = {li["sku"]: li["current_quantity"] for li in admin.order("#1001")["lines"]}
    assert lines == {"SBX-00001-M": 2, "SBX-00002-S": 0}


def _order_cancel(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    assert answer == {"events": [], "status": "success"}
    assert admin.order("#1002")["cancelled"] is True


def _order_shipment_submit(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    assert answer["events"] == []
    [fulfillment] = admin.order("#1001")["fulfillments"]
    assert fulfillment["tracking"][0]["number"] == "ZX29827782929"
    assert admin.order("#1001")["fulfillment_status"] == "PARTIALLY_FULFILLED"


def _order_complete(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    # The example order is paid: its unshipped units are refunded, and the answer says so.
    assert answer["status"] == "success"
    assert [(e["event_type"], e["code"]) for e in answer["events"]] == [("info", "UNSHIPPED_REMOVED")]
    state = admin.order("#1006")
    assert state["closed"] is True
    assert {li["sku"]: li["current_quantity"] for li in state["lines"]} == {
        "SBX-00004-M": 2,
        "SBX-00002-S": 0,
    }


def _order_settle_payment(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    # A partial capture of a single-capture authorization releases the rest: a warning says so.
    assert [(e["event_type"], e["code"]) for e in answer["events"]] == [("warning", "PAYMENT_RELEASED")]
    [order] = [o for o in admin.orders() if any(t["kind"] == "CAPTURE" for t in o["transactions"])]
    [capture] = [t for t in order["transactions"] if t["kind"] == "CAPTURE"]
    assert float(capture["amount"]) == 100.32


def _order_returned(answer: dict[str, Any], admin: SandboxAdmin, _client: TestClient) -> None:
    assert [e for e in answer["events"] if e["event_type"] == "error"] == []
    [refund] = admin.order("#1006")["refunds"]
    line = f"gid://shopify/LineItem/{admin.line_ref('#1006', 'SBX-00004-M')}"
    assert [(rl["line_item_id"], rl["quantity"]) for rl in refund["lines"]] == [(line, 1)]


CONTENT: dict[str, Callable[[dict[str, Any], SandboxAdmin, TestClient], None]] = {
    "catalog_get_config": _catalog_get_config,
    "catalog_push": _catalog_push,
    "inventory_push": _inventory_push,
    "order_pull": _order_pull,
    "order_acknowledge": _order_acknowledge,
    "order_update": _order_update,
    "order_cancel": _order_cancel,
    "order_shipment_submit": _order_shipment_submit,
    "order_complete": _order_complete,
    "order_settle_payment": _order_settle_payment,
    "order_returned": _order_returned,
}


def _before(action: str, client: TestClient) -> None:
    """What RetailOps does before an action: pull (offer) the orders it then names."""
    if action.startswith("order_") and action != "order_pull":
        body = example("order_pull")
        assert client.post("/order_pull_v1", json=body).status_code == 200


def test_every_action_has_a_content_check() -> None:
    assert set(CONTENT) == set(ACTIONS)


@pytest.mark.parametrize("action", ACTIONS)
def test_example_is_answered_200_with_real_content_and_a_schema_valid_body(
    app_client: TestClient, admin: SandboxAdmin, action: str
) -> None:
    body = populated(action, example(action), admin)
    request_validator(action).validate(body)  # the verifier checks its own example first
    _before(action, app_client)
    response = app_client.post(f"/{action}_v1", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    payload = response.json()
    errors = sorted(target_validator(action).iter_errors(payload), key=str)
    assert not errors, errors
    CONTENT[action](payload, admin, app_client)


@pytest.mark.parametrize("action", ACTIONS)
def test_example_with_a_wrong_key_is_answered_401(
    app_client: TestClient, admin: SandboxAdmin, action: str
) -> None:
    body = copy.deepcopy(populated(action, example(action), admin))
    body["integration_auth_token"] = "not-the-key"
    calls = len(admin.calls())
    response = app_client.post(f"/{action}_v1", json=body)
    assert response.status_code == 401
    payload = response.json()
    assert payload["events"][0]["code"] == "AUTH"
    assert "not-the-key" not in response.text
    assert len(admin.calls()) == calls, "a refused request reached the store"


def test_vendored_examples_match_the_official_ones() -> None:
    if not SHARED_EXAMPLES.is_dir():
        pytest.skip("../shared is not beside this checkout")
    for path in SHARED_EXAMPLES.glob("*.json"):
        assert json.loads(path.read_text()) == json.loads((VENDORED_EXAMPLES / path.name).read_text()), (
            path.name
        )
