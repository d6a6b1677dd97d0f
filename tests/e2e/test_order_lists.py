"""Write decisions read an order's lists in full, end to end against the sandbox over HTTP.

Order reads ask for 5 fulfilments, 10 transactions and 25 lines per fulfilment (the shipment's lean
read 10); Shopify truncates the plain lists to `first` and pages the fulfilment's line items. A
duplicate-shipment check or a capture plan made on the truncated lists repeats or refuses a write;
these orders are past each size.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from connector.settings import Settings
from storefront_clients.shopify.paging import OrderSizes
from tests.e2e.test_order_paths import package
from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin as Admin

SIZES = OrderSizes()


@pytest.fixture
def e2e_settings(e2e_settings: Settings) -> Settings:
    """A short store timeout, so a write held after an ambiguous failure is retried within the request."""
    return e2e_settings.model_copy(
        update={"shopify_timeout_seconds": 3.0, "connector_write_budget_seconds": 12.0}
    )


def numeric(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def ship(ro: Call, order: dict[str, Any], pid: int, items: list[tuple[str, int]]) -> dict[str, Any]:
    shipment = {"retailops_shipment_id": pid, "packages": [package(pid, *items)]}
    return ro("order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)


def test_a_shipment_whose_answer_was_lost_is_recognised_past_the_fifth_fulfilment(
    ro: Call, admin: Admin
) -> None:
    shipped_before = SIZES.fulfillments + 2
    order = admin.add_order(
        {
            "lines": [{"sku": "SBX-00003-S", "quantity": shipped_before + 2}],
            "fulfilled": {"SBX-00003-S": shipped_before},
            "fulfillment_count": shipped_before,
        }
    )
    line = numeric(order["lines"][0]["id"])
    admin.set_faults([{"kind": "applied_then_500", "match": "fulfillmentCreate", "count": 1}])
    body = ship(ro, order, 8, [(line, 1)])
    assert body["events"] == []
    state = admin.orders_by_name()[order["name"]]
    # The retry found its own fulfilment (the eighth, by tracking number): no second one.
    assert len(state["fulfillments"]) == shipped_before + 1
    assert [f["tracking"][0]["number"] for f in state["fulfillments"]].count("1ZTRACK0008") == 1
    assert [fol["remaining"] for fo in state["fulfillment_orders"] for fol in fo["lines"]] == [1]


def test_a_capture_plan_uses_every_authorization_past_the_tenth_transaction(ro: Call, admin: Admin) -> None:
    parts = SIZES.transactions + 2
    order = admin.add_order(
        {"lines": [{"sku": "SBX-00002-M", "quantity": 2}], "payment": "authorized", "payment_parts": parts}
    )
    total = Decimal(order["total"])
    payment = {
        "payment_series_id": 1,
        "payment_transactions": [
            {
                "payment_processing_type": "channel_payment",
                "transaction_type": "charge",
                "amount": float(total),
            }
        ],
    }
    body = ro("order_settle_payment", order={"channel_order_refnum": numeric(order["id"])}, payment=payment)
    assert body["events"] == []
    state = admin.orders_by_name()[order["name"]]
    captures = [Decimal(t["amount"]) for t in state["transactions"] if t["kind"] == "CAPTURE"]
    assert len(captures) == parts
    assert sum(captures) == total
    assert state["financial_status"] == "PAID"


def test_a_fulfilment_with_more_lines_than_one_page_is_recognised_in_full(ro: Call, admin: Admin) -> None:
    count = SIZES.fulfillment_lines + 5
    skus = [f"SBX-{n:05d}-{size}" for n in range(1, 13) for size in ("S", "M", "L")][:count]
    order = admin.add_order({"lines": [{"sku": sku, "quantity": 1} for sku in skus]})
    items = [(numeric(li["id"]), 1) for li in order["lines"]]
    assert len(items) == count
    admin.set_faults([{"kind": "applied_then_500", "match": "fulfillmentCreate", "count": 1}])
    body = ship(ro, order, 3, items)
    assert body["events"] == []
    state = admin.orders_by_name()[order["name"]]
    assert len(state["fulfillments"]) == 1
    assert len(state["fulfillments"][0]["lines"]) == count
    assert state["fulfillment_status"] == "FULFILLED"
    repeat = ship(ro, order, 3, items)
    assert [e["code"] for e in repeat["events"]] == ["DUPLICATE"]
