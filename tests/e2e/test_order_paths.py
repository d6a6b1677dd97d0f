"""Each order action end to end against the sandbox store: call the connector, read the store back."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.testclient import TestClient

from connector.jobs.intent_retry import retry_due
from connector.retailops import target_validator
from storefront_clients.sandbox import SandboxConfig
from tests.support.builders import charge
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxAdmin


def pull(ro: Call, **fields: Any) -> dict[str, Any]:
    body = ro("order_pull", **fields)
    assert not list(target_validator("order_pull").iter_errors(body))
    return body


def package(pid: int, *items: tuple[str, int], tracking: str = "", carrier: str = "UPS") -> dict[str, Any]:
    return {
        "retailops_package_id": pid,
        "carrier_name": carrier,
        "tracking_number": tracking or f"1ZTRACK{pid:04d}",
        "date_shipped": "2026-11-20T10:00:00Z",
        "package_items": [{"channel_item_refnum": ref, "quantity": qty} for ref, qty in items],
    }


def test_pull_maps_gift_cards_non_usd_and_unicode(ro: Call, admin: SandboxAdmin) -> None:
    orders = {o["channel_order_refnum"]: o for o in pull(ro, page_token="")["orders"]}
    gift = orders[admin.refnum("#1003")]
    kinds = {i["sku"]: i["item_type"] for i in gift["order_items"]}
    assert kinds == {"GIFT-25": "advisory", "SBX-00002-S": "ship"}
    eur = orders[admin.refnum("#1009")]
    assert eur["currency_code"] == "EUR"
    assert eur["shipping_address"]["country_match"] == "DE"
    assert eur["shipping_address"]["first_name"] == "Jürgen"
    partially_shipped = orders[admin.refnum("#1006")]
    assert [i["item_type"] for i in partially_shipped["order_items"]] == ["ship", "ship"]
    cancelled, closed = admin.refnum("#1008"), admin.refnum("#1007")
    assert cancelled not in orders
    assert closed not in orders


def test_acknowledge_tags_the_order_and_removes_it_from_the_queue(
    ro: Call, admin: SandboxAdmin, app_client: TestClient
) -> None:
    ref = admin.refnum("#1001")
    assert ref in {o["channel_order_refnum"] for o in pull(ro, page_token="")["orders"]}
    body = ro(
        "order_acknowledge",
        orders=[
            {"channel_order_refnum": ref, "retailops_order_id": 9001},
            {"channel_order_refnum": "404404", "retailops_order_id": 1},
        ],
    )
    assert [(e["code"], e["associations"][0]["identifier"]) for e in body["events"]] == [
        ("UNKNOWN_ORDER", "404404")
    ]
    assert "retailops-imported" not in admin.order("#1001")["tags"]  # written in the background
    run_job(app_client, retry_due)
    assert "retailops-imported" in admin.order("#1001")["tags"]
    assert ref not in {o["channel_order_refnum"] for o in pull(ro, page_token="")["orders"]}
    again = pull(ro, page_token="garbage", specific_orders=[{"channel_refnum": ref}])
    assert [o["channel_order_refnum"] for o in again["orders"]] == [ref]


def test_tampered_page_token_is_400(ro: Call) -> None:
    body = ro("order_pull", expect=400, page_token="eyJjIjoiYWJjIiwidCI6MX0.forged")
    assert body["events"][0]["code"] == "BAD_PAGE_TOKEN"


def test_partial_then_duplicate_then_final_shipment(ro: Call, admin: SandboxAdmin) -> None:
    ref = admin.refnum("#1001")
    a, b = admin.line_ref("#1001", "SBX-00001-M"), admin.line_ref("#1001", "SBX-00002-S")
    first = {"retailops_shipment_id": 1, "packages": [package(1, (a, 1))]}
    assert ro("order_shipment_submit", channel_order_refnum=ref, shipment=first)["events"] == []
    state = admin.order("#1001")
    assert state["fulfillment_status"] == "PARTIALLY_FULFILLED"
    assert [f["tracking"][0]["company"] for f in state["fulfillments"]] == ["UPS"]
    repeat = ro("order_shipment_submit", channel_order_refnum=ref, shipment=first)
    assert [e["code"] for e in repeat["events"]] == ["DUPLICATE"]
    assert len(admin.order("#1001")["fulfillments"]) == 1
    rest = {"retailops_shipment_id": 2, "packages": [package(2, (a, 1)), package(3, (b, 1), carrier="FedEx")]}
    assert ro("order_shipment_submit", channel_order_refnum=ref, shipment=rest)["events"] == []
    state = admin.order("#1001")
    assert state["fulfillment_status"] == "FULFILLED"
    assert len(state["fulfillments"]) == 3
    over = {"retailops_shipment_id": 3, "packages": [package(4, (a, 1))]}
    refused = ro("order_shipment_submit", channel_order_refnum=ref, shipment=over)
    assert refused["events"][0]["event_type"] == "error"
    assert len(admin.order("#1001")["fulfillments"]) == 3


def test_new_tracking_for_a_shipped_package_updates_it(ro: Call, admin: SandboxAdmin) -> None:
    ref, a = admin.refnum("#1002"), admin.line_ref("#1002", "SBX-00003-L")
    shipment: dict[str, Any] = {
        "retailops_shipment_id": 5,
        "packages": [package(7, (a, 3), tracking="OLD123")],
    }
    ro("order_shipment_submit", channel_order_refnum=ref, shipment=shipment)
    shipment["packages"][0]["tracking_number"] = "NEW456"
    ro("order_shipment_submit", channel_order_refnum=ref, shipment=shipment)
    fulfillments = admin.order("#1002")["fulfillments"]
    assert len(fulfillments) == 1
    assert fulfillments[0]["tracking"][0]["number"] == "NEW456"


def test_cancel_refused_while_fulfilled_and_success_when_open_or_already_cancelled(
    ro: Call, admin: SandboxAdmin
) -> None:
    refused = ro("order_cancel", order={"channel_order_refnum": admin.refnum("#1006")})
    assert refused["status"] == "fail"
    assert refused["events"][0]["associations"] == [
        {"identifier_type": "order_refnum", "identifier": admin.refnum("#1006")}
    ]
    assert admin.order("#1006")["cancelled"] is False
    ok = ro("order_cancel", order={"channel_order_refnum": admin.refnum("#1002")})
    assert ok == {"events": [], "status": "success"}
    assert admin.order("#1002")["cancelled"] is True
    already = ro("order_cancel", order={"channel_order_refnum": admin.refnum("#1008")})
    assert already["status"] == "success"


def test_order_cancelled_in_store_after_import_is_reoffered_once(
    ro: Call, admin: SandboxAdmin, sandbox: Any, app_client: TestClient
) -> None:
    ref = admin.refnum("#1002")
    pull(ro, page_token="")
    ro("order_acknowledge", orders=[{"channel_order_refnum": ref, "retailops_order_id": 77}])
    run_job(app_client, retry_due)
    # The merchant cancels the order in Shopify's admin (not through RetailOps).
    answer = httpx.post(
        sandbox.graphql_url(),
        headers={"X-Shopify-Access-Token": SandboxConfig().access_token},
        json={
            "query": "mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true,"
            " refund: false, notifyCustomer: false) { job { id } orderCancelUserErrors { message } } }",
            "variables": {"id": f"gid://shopify/Order/{ref}"},
        },
        timeout=10,
    ).json()
    assert answer["data"]["orderCancel"]["orderCancelUserErrors"] == [], answer
    offered = [o for o in pull(ro, page_token="")["orders"] if o["channel_order_refnum"] == ref]
    assert len(offered) == 1
    assert offered[0]["cancel"] is True
    assert ref not in {o["channel_order_refnum"] for o in pull(ro, page_token="")["orders"]}


def test_complete_removes_unshipped_units_and_closes(ro: Call, admin: SandboxAdmin) -> None:
    ref = admin.refnum("#1006")
    body = ro("order_complete", order={"channel_order_refnum": ref})
    # #1006 is paid: the unshipped unit goes with a refund of what was paid for it (say so).
    assert [(e["event_type"], e["code"]) for e in body["events"]] == [("info", "UNSHIPPED_REMOVED")]
    assert body["status"] == "success"
    state = admin.order("#1006")
    assert state["closed"] is True
    assert len(state["refunds"]) == 1
    assert {li["sku"]: li["current_quantity"] for li in state["lines"]} == {
        "SBX-00004-M": 2,
        "SBX-00002-S": 0,
    }


def test_settle_captures_authorized_and_marks_manual_paid(ro: Call, admin: SandboxAdmin) -> None:
    auth_ref = admin.refnum("#1004")
    total = admin.order("#1004")["total"]
    over = ro(
        "order_settle_payment",
        order={"channel_order_refnum": auth_ref},
        payment=charge(1, float(total) + 100),
    )
    assert over["events"][0]["event_type"] == "error"
    ok = ro("order_settle_payment", order={"channel_order_refnum": auth_ref}, payment=charge(2, float(total)))
    assert ok["events"] == []
    assert admin.order("#1004")["financial_status"] == "PAID"
    captures = [t for t in admin.order("#1004")["transactions"] if t["kind"] == "CAPTURE"]
    assert len(captures) == 1
    ro("order_settle_payment", order={"channel_order_refnum": auth_ref}, payment=charge(2, float(total)))
    assert len([t for t in admin.order("#1004")["transactions"] if t["kind"] == "CAPTURE"]) == 1
    manual = ro("order_settle_payment", order={"channel_order_refnum": admin.refnum("#1005")})
    assert manual["events"] == []
    assert admin.order("#1005")["financial_status"] == "PAID"


def test_return_to_store_credit_once_per_return_id(ro: Call, admin: SandboxAdmin) -> None:
    ref, a = admin.refnum("#1006"), admin.line_ref("#1006", "SBX-00004-M")
    ret = {
        "retailops_return_id": 501,
        "refund_amt": 10,
        "refund_action": "credit",
        "items": [{"channel_item_refnum": a, "quantity": 1, "sku": "SBX-00004-M"}],
    }
    fields: dict[str, Any] = {"order": {"channel_order_refnum": ref}, "return": ret}
    body = ro("order_returned", **fields)
    assert body["return"] == {"channel_store_credit_amount": 10}
    assert not list(target_validator("order_returned").iter_errors(body))
    again = ro("order_returned", **fields)
    assert again["return"] == {"channel_store_credit_amount": 10}
    assert len(admin.order("#1006")["refunds"]) == 1


def test_update_removes_a_line_changes_a_quantity_and_adds_a_sku(ro: Call, admin: SandboxAdmin) -> None:
    ref = admin.refnum("#1001")
    a, b = admin.line_ref("#1001", "SBX-00001-M"), admin.line_ref("#1001", "SBX-00002-S")
    items = [
        {"channel_item_refnum": a, "order_item_id": 1, "sku": "SBX-00001-M", "quantity": 1},
        {"channel_item_refnum": b, "order_item_id": 2, "sku": "SBX-00002-S", "quantity": 1, "removed": True},
        {"order_item_id": 3, "sku": "SBX-00003-L", "quantity": 2},
    ]
    body = ro("order_update", order={"channel_order_refnum": ref, "order_items": items})
    assert not list(target_validator("order_update").iter_errors(body))
    assert body["events"] == []
    lines = {li["sku"]: li["current_quantity"] for li in admin.order("#1001")["lines"]}
    assert lines == {"SBX-00001-M": 1, "SBX-00002-S": 0, "SBX-00003-L": 2}
    answered = {li["order_item_id"]: li["refnum"] for li in body["line_items"]}
    assert answered[1] == a
    assert {li["order_item_id"]: li.get("quantity") for li in body["line_items"]} == {1: 1, 2: 0, 3: 2}
    assert set(body["values"]) == {"shipping_amt", "tax_amt", "discount_amt"}
    assert answered[3] == admin.line_ref("#1001", "SBX-00003-L")
    repeat = ro("order_update", order={"channel_order_refnum": ref, "order_items": items})
    assert [li["current_quantity"] for li in admin.order("#1001")["lines"]].count(2) == 1
    assert repeat["events"] == []


def test_complete_can_refund_unshipped_units_instead_of_editing(
    ro: Call, admin: SandboxAdmin, app_client: Any
) -> None:
    services = app_client.app.state.services
    services.settings = services.settings.model_copy(update={"connector_complete_unshipped": "refund"})
    ref = admin.refnum("#1006")
    body = ro("order_complete", order={"channel_order_refnum": ref})
    assert [e["code"] for e in body["events"]] == ["UNSHIPPED_REMOVED"]
    assert body["status"] == "success"
    state = admin.order("#1006")
    assert state["closed"] is True
    assert len(state["refunds"]) == 1
    assert ro("order_complete", order={"channel_order_refnum": ref})["status"] == "success"
    assert len(admin.order("#1006")["refunds"]) == 1


def test_refused_edit_names_the_lines_it_touched(ro: Call, admin: SandboxAdmin) -> None:
    ref = admin.refnum("#1008")  # cancelled in the store: Shopify refuses edits
    b = admin.line_ref("#1008", "SBX-00002-S")
    items = [
        {"channel_item_refnum": b, "order_item_id": 1, "sku": "SBX-00002-S", "quantity": 1, "removed": True}
    ]
    body = ro("order_update", order={"channel_order_refnum": ref, "order_items": items})
    [event] = body["events"]
    assert event["event_type"] == "error"
    assert {"identifier_type": "orderitem_refnum", "identifier": b} in event["associations"]
