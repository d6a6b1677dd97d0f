"""A shipment's lean order read is completed past each first page, end to end over HTTP to the sandbox.

The shipment read (storefront_clients/shopify/ops_shipping.py) asks for 50 line ids, 5 fulfilments,
5 fulfillment orders and 20 lines per fulfillment order; each order here is past one of them, and a
decision made on the first page alone would refuse a line or ship short.
"""

from __future__ import annotations

from typing import Any

from storefront_clients.shopify import ops_shipping
from tests.e2e.test_order_paths import package
from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin as Admin


def numeric(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def ship(ro: Call, order: dict[str, Any], pid: int, items: list[tuple[str, int]]) -> dict[str, Any]:
    shipment = {"retailops_shipment_id": pid, "packages": [package(pid, *items)]}
    return ro("order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)


def skus(count: int) -> list[str]:
    """`count` SKUs of the seeded catalog (12 products of 3 sizes), repeating: one line each."""
    seeded = [f"SBX-{n:05d}-{size}" for n in range(1, 13) for size in ("S", "M", "L")]
    return [seeded[n % len(seeded)] for n in range(count)]


def test_a_line_past_the_first_page_of_line_ids_ships(ro: Call, admin: Admin) -> None:
    count = ops_shipping.LINE_IDS_FIRST + 5
    order = admin.add_order({"lines": [{"sku": sku, "quantity": 1} for sku in skus(count)]})
    last = numeric(order["lines"][-1]["id"])
    admin.clear_calls()
    assert ship(ro, order, 1, [(last, 1)])["events"] == []
    state = admin.orders_by_name()[order["name"]]
    assert [[x["line_item_id"] for x in f["lines"]] for f in state["fulfillments"]] == [
        [order["lines"][-1]["id"]]
    ]
    assert "OrderLineIdsPage" in [c["operation"] for c in admin.calls()]


def test_a_line_of_a_fulfillment_order_past_the_first_page_ships(ro: Call, admin: Admin) -> None:
    extra = ops_shipping.FULFILLMENT_ORDERS_FIRST + 1
    names = skus(extra + 1)
    order = admin.add_order(
        {
            "lines": [{"sku": sku, "quantity": 1} for sku in names],
            # One fulfillment order per line after the first, all at the primary location.
            "fulfillment_orders": [{"skus": [sku]} for sku in names[1:]],
        }
    )
    assert len(admin.orders_by_name()[order["name"]]["fulfillment_orders"]) == extra + 1
    items = [(numeric(li["id"]), 1) for li in order["lines"]]
    admin.clear_calls()
    assert ship(ro, order, 2, items)["events"] == []
    state = admin.orders_by_name()[order["name"]]
    # Every fulfillment order sits at one location: one fulfilment ships all of them.
    assert [len(f["lines"]) for f in state["fulfillments"]] == [extra + 1]
    assert state["fulfillment_status"] == "FULFILLED"
    assert "FulfillmentOrders" in [c["operation"] for c in admin.calls()]


def test_a_fulfillment_order_with_more_lines_than_one_page_ships_in_full(ro: Call, admin: Admin) -> None:
    count = ops_shipping.FULFILLMENT_ORDER_LINES_FIRST + 3
    order = admin.add_order({"lines": [{"sku": sku, "quantity": 2} for sku in skus(count)]})
    items = [(numeric(li["id"]), 2) for li in order["lines"]]
    admin.clear_calls()
    assert ship(ro, order, 3, items)["events"] == []
    state = admin.orders_by_name()[order["name"]]
    assert [len(f["lines"]) for f in state["fulfillments"]] == [count]
    assert state["fulfillment_status"] == "FULFILLED"
    assert "FulfillmentOrderLinesPage" in [c["operation"] for c in admin.calls()]
