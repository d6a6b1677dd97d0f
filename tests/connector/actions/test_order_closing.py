"""Closing orders against the in-memory storefront: cancel, complete, settle payment, returns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storefront_clients.base import Money, Transaction, TransactionKind
from tests.support.builders import charge
from tests.support.calls import Call
from tests.support.fakes.orders import line, one_package, order
from tests.support.fakes.storefront import FakeStorefront, transient


def test_cancel_refused_with_fulfillments_then_success_when_already_cancelled(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    call("order_shipment_submit", channel_order_refnum="1", shipment=one_package("T", ("11", 1)))
    refused = call("order_cancel", order={"channel_order_refnum": "1", "retailops_order_id": 1})
    assert refused["status"] == "fail"
    assert "fulfillments" in refused["events"][0]["message"]
    storefront.add_order(order(2, line(21, "A")))
    assert call("order_cancel", order={"channel_order_refnum": "2"})["status"] == "success"
    assert storefront.orders["gid://shopify/Order/2"].cancelled_at is not None
    assert call("order_cancel", order={"channel_order_refnum": "2"}) == {"events": [], "status": "success"}


def test_transient_failure_queues_the_write_with_a_warning(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A")))
    call("order_pull", page_token="")
    storefront.fail_verb["close_order"] = [transient() for _ in range(50)]
    body = call("order_complete", order={"channel_order_refnum": "1"})
    assert body["status"] == "success"
    assert body["events"][0]["code"] == "QUEUED"
    assert not storefront.orders["gid://shopify/Order/1"].closed


def test_complete_removes_unshipped_then_closes(call: Call, storefront: FakeStorefront) -> None:
    # Nothing captured yet: the unshipped unit is removed by an order edit, not refunded.
    storefront.add_order(order(1, line(11, "A", 3, unfulfilled=1), financial="AUTHORIZED", transactions=()))
    assert call("order_complete", order={"channel_order_refnum": "1"})["status"] == "success"
    done = storefront.orders["gid://shopify/Order/1"]
    assert done.closed
    assert done.lines[0].current_quantity == 2


def test_settle_captures_authorization_and_refuses_over_capture(
    call: Call, storefront: FakeStorefront
) -> None:
    auth = Transaction(
        "gid://shopify/OrderTransaction/1",
        TransactionKind.AUTHORIZATION,
        "SUCCESS",
        "shopify_payments",
        Money(Decimal("20.00"), "USD"),
        capturable=Money(Decimal("20.00"), "USD"),
    )
    storefront.add_order(order(1, line(11, "A", 2), financial="AUTHORIZED", transactions=(auth,)))
    over = call(
        "order_settle_payment",
        order={"channel_order_refnum": "1"},
        payment=charge(1, 25),
    )
    assert "only 20.00 is authorized" in over["events"][0]["message"]
    ok = call(
        "order_settle_payment",
        order={"channel_order_refnum": "1"},
        payment=charge(2, 20),
    )
    assert ok["events"] == []
    assert storefront.orders["gid://shopify/Order/1"].financial_status == "PAID"


def test_return_refunds_once_per_return_id_and_reports_store_credit(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    ret = {
        "retailops_return_id": 87,
        "refund_amt": 10,
        "refund_action": "credit",
        "items": [{"channel_item_refnum": "11", "quantity": 1}],
    }
    fields: dict[str, Any] = {"order": {"channel_order_refnum": "1"}, "return": ret}
    first = call("order_returned", **fields)
    assert first["return"] == {"channel_store_credit_amount": 10}
    again = call("order_returned", **fields)
    assert again["return"] == {"channel_store_credit_amount": 10}
    assert storefront.calls.count("refund") == 1
