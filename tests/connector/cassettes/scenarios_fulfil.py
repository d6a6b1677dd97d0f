"""Order completion scenarios: shipment, complete, settle payment, return."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.support.builders import charge

from .harness import Harness


def _package(pid: int, *items: tuple[str, int], tracking: str = "", carrier: str = "UPS") -> dict[str, Any]:
    return {
        "retailops_package_id": pid,
        "carrier_name": carrier,
        "tracking_number": tracking or f"1ZTRACK{pid:04d}",
        "date_shipped": "2026-11-20T10:00:00Z",
        "package_items": [{"channel_item_refnum": ref, "quantity": qty} for ref, qty in items],
    }


def order_shipment_submit_fulfil(h: Harness) -> None:
    """Partial shipment, duplicate, the rest in two packages, then an over-quantity package refused."""
    order = h.orders("#1001")["#1001"]
    ref, a, b = order.refnum, order.lines["SBX-00001-M"], order.lines["SBX-00002-S"]
    first = {"retailops_shipment_id": 1, "packages": [_package(1, (a, 1))]}
    assert h.ro("order_shipment_submit", channel_order_refnum=ref, shipment=first) == {"events": []}
    [created] = h.sent("FulfillmentCreate")
    assert created["fulfillment"]["trackingInfo"]["number"] == "1ZTRACK0001"
    assert created["fulfillment"]["trackingInfo"]["company"] == "UPS"
    repeat = h.ro("order_shipment_submit", channel_order_refnum=ref, shipment=first)
    assert [e["code"] for e in repeat["events"]] == ["DUPLICATE"]
    rest = {
        "retailops_shipment_id": 2,
        "packages": [_package(2, (a, 1)), _package(3, (b, 1), carrier="FedEx")],
    }
    assert h.ro("order_shipment_submit", channel_order_refnum=ref, shipment=rest) == {"events": []}
    companies = [c["fulfillment"]["trackingInfo"]["company"] for c in h.sent("FulfillmentCreate")]
    assert companies == ["UPS", "UPS", "FedEx"]
    over = {"retailops_shipment_id": 3, "packages": [_package(4, (a, 1))]}
    refused = h.ro("order_shipment_submit", channel_order_refnum=ref, shipment=over)
    assert [(e["event_type"], e["code"]) for e in refused["events"]] == [("error", "STOREFRONT_ERROR")]
    assert "more than remain to ship" in refused["events"][0]["message"]
    assert len(h.sent("FulfillmentCreate")) == 3


def order_shipment_retrack(h: Harness) -> None:
    """New tracking for a package already shipped updates the fulfillment instead of shipping again."""
    order = h.orders("#1002")["#1002"]
    shipment: dict[str, Any] = {
        "retailops_shipment_id": 5,
        "packages": [_package(7, (order.lines["SBX-00003-L"], 3), tracking="OLD123")],
    }
    assert h.ro("order_shipment_submit", channel_order_refnum=order.refnum, shipment=shipment) == {
        "events": []
    }
    shipment["packages"][0]["tracking_number"] = "NEW456"
    assert h.ro("order_shipment_submit", channel_order_refnum=order.refnum, shipment=shipment) == {
        "events": []
    }
    assert len(h.sent("FulfillmentCreate")) == 1
    [update] = h.sent("FulfillmentTrackingInfoUpdate")
    assert update["trackingInfoInput"]["number"] == "NEW456"


def order_complete_edit_close(h: Harness) -> None:
    """Unpaid unshipped units go by an order edit, then the order is closed; a repeat sends nothing."""
    ref = h.orders("#1004")["#1004"].refnum  # authorized, nothing captured: an edit, no refund
    first = h.ro("order_complete", order={"channel_order_refnum": ref})
    assert [e["code"] for e in first["events"]] == ["UNSHIPPED_REMOVED"]
    assert first["status"] == "success"
    assert sorted(e["quantity"] for e in h.sent("OrderEditSetQuantity")) == [0]
    assert h.sent("RefundCreate") == []
    assert h.sent("OrderClose") == [{"input": {"id": f"gid://shopify/Order/{ref}"}}]
    count = len(h.operations())
    assert h.ro("order_complete", order={"channel_order_refnum": ref}) == {"events": [], "status": "success"}
    # The completion intent is done: the order is looked up, nothing is edited or closed again.
    assert h.operations()[count:] == ["OrdersById"]


def order_settle_payment_capture(h: Harness) -> None:
    """Over-capture refused, the authorization captured once, a manual-gateway order marked paid."""
    refs = h.orders("#1004", "#1005")
    auth = refs["#1004"]
    authorized = sum(
        (
            Decimal(str(t["amount"]))
            for t in auth.body["payment_transactions"]
            if t["transaction_type"] == "auth"
        ),
        Decimal(0),
    )
    assert authorized > 0
    order = {"channel_order_refnum": auth.refnum}
    over = h.ro("order_settle_payment", order=order, payment=charge(1, authorized + 100))
    assert [(e["event_type"], e["code"]) for e in over["events"]] == [("error", "STOREFRONT_ERROR")]
    assert h.sent("OrderCapture") == []
    assert h.ro("order_settle_payment", order=order, payment=charge(2, authorized)) == {"events": []}
    [capture] = h.sent("OrderCapture")
    assert Decimal(capture["input"]["amount"]) == authorized
    assert capture["input"]["finalCapture"] is True
    assert h.ro("order_settle_payment", order=order, payment=charge(2, authorized)) == {"events": []}
    assert len(h.sent("OrderCapture")) == 1
    manual = h.ro("order_settle_payment", order={"channel_order_refnum": refs["#1005"].refnum})
    assert manual == {"events": []}
    assert h.sent("OrderMarkAsPaid") == [{"input": {"id": f"gid://shopify/Order/{refs['#1005'].refnum}"}}]


def _returned(order: dict[str, Any], ret: dict[str, Any]) -> dict[str, Any]:
    # `return` is a Python keyword: the request fields go in as a mapping.
    return {"order": order, "return": ret}


def order_returned_refund(h: Harness) -> None:
    """Returns to store credit and to the original payment: one refundCreate each, keyed on the return id."""
    refs = h.orders("#1006", "#1007")
    partial = refs["#1006"]
    credit = {
        "retailops_return_id": 501,
        "refund_amt": 10,
        "refund_action": "credit",
        "items": [{"channel_item_refnum": partial.lines["SBX-00004-M"], "quantity": 1, "sku": "SBX-00004-M"}],
    }
    order = {"channel_order_refnum": partial.refnum}
    body = h.ro("order_returned", **_returned(order, credit))
    assert body == {"events": [], "return": {"channel_store_credit_amount": 10}}
    again = h.ro("order_returned", **_returned(order, credit))
    assert again["return"] == {"channel_store_credit_amount": 10}
    closed = refs["#1007"]
    money = {
        "retailops_return_id": 502,
        "refund_amt": 5,
        "refund_action": "refund",
        "items": [{"channel_item_refnum": closed.lines["SBX-00001-M"], "quantity": 1, "sku": "SBX-00001-M"}],
    }
    back = h.ro("order_returned", **_returned({"channel_order_refnum": closed.refnum}, money))
    assert back == {"events": []}
    to_credit, to_payment = h.sent("RefundCreate")
    assert (to_credit["key"], to_payment["key"]) == ("return:501", "return:502")
    assert to_credit["input"]["refundMethods"] == [
        {"storeCreditRefund": {"amount": {"amount": "10", "currencyCode": "USD"}}}
    ]
    assert [(t["kind"], t["amount"]) for t in to_payment["input"]["transactions"]] == [("REFUND", "5")]
    assert [li["restockType"] for li in to_payment["input"]["refundLineItems"]] == ["RETURN"]
