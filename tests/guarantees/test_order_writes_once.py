"""Exactly once for the order writes a lost answer used to repeat: orderEditCommit, refundCreate, and a
shipment over two locations. One `serve` process, a real sandbox server; each write first times out
(and lands later), then is applied and answered 500; every request is sent twice, as RetailOps may.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tests.guarantees.orders import OneOrder, numeric, package
from tests.guarantees.test_exactly_once import TIMEOUT_DELAY, settled
from tests.support.sandbox import wait_until


def ambiguous(write: str) -> list[dict[str, Any]]:
    """The write times out and is applied later, then is applied and answered 500."""
    return [
        {"kind": "slow", "match": write, "count": 1, "delay_seconds": TIMEOUT_DELAY},
        {"kind": "applied_then_500", "match": write, "count": 1},
    ]


def twice(conn: Any, action: str, **fields: Any) -> None:
    for _ in range(2):
        conn.call(action, attempts=10, **fields)


def test_an_added_line_is_added_once_when_commits_lose_their_answers(
    one_order: Callable[[dict[str, Any]], OneOrder],
    sqlite_url: str,
) -> None:
    admin, order, conn = one_order({"lines": [{"sku": "SBX-00001-S", "quantity": 1}]})
    admin.set_faults(ambiguous("orderEditCommit"))
    update = {
        "channel_order_refnum": numeric(order["id"]),
        "order_items": [{"sku": "SBX-00002-M", "quantity": 2, "order_item_id": 77}],
    }
    twice(conn, "order_update", order=update)
    wait_until(settled(sqlite_url), 30, f"the edit applied\n{conn.tail()}", every=0.2)
    lines = [(li["sku"], li["current_quantity"]) for li in admin.orders_by_name()[order["name"]]["lines"]]
    assert sorted(lines) == [("SBX-00001-S", 1), ("SBX-00002-M", 2)]


def test_a_refund_is_created_once_when_its_answer_is_lost(
    one_order: Callable[[dict[str, Any]], OneOrder],
    sqlite_url: str,
) -> None:
    admin, order, conn = one_order({"lines": [{"sku": "SBX-00003-S", "quantity": 4}]})
    ref, line = numeric(order["id"]), numeric(order["lines"][0]["id"])
    shipment = {"retailops_shipment_id": 1, "packages": [package(1, [(line, 4)])]}
    conn.call("order_shipment_submit", channel_order_refnum=ref, shipment=shipment)
    # Beyond the first two: the store keeps failing until the client gives up, so the write is
    # retried by the intent later, against a suggested refund that already counts the first one.
    admin.set_faults(
        [*ambiguous("refundCreate"), {"kind": "http_5xx", "status": 502, "match": "refundCreate", "count": 5}]
    )
    amount = (Decimal(order["total"]) * Decimal("0.6")).quantize(Decimal("0.01"))
    ret = {
        "retailops_return_id": 31,
        "refund_amt": float(amount),
        "items": [{"channel_item_refnum": line, "quantity": 2}],
    }
    fields: dict[str, Any] = {"order": {"channel_order_refnum": ref}, "return": ret}
    twice(conn, "order_returned", **fields)
    wait_until(settled(sqlite_url), 60, f"the refund applied\n{conn.tail()}", every=0.2)
    state = admin.orders_by_name()[order["name"]]
    assert len(state["refunds"]) == 1
    assert [Decimal(t["amount"]) for t in state["transactions"] if t["kind"] == "REFUND"] == [amount]


def test_a_package_over_two_locations_ships_once_per_location(
    one_order: Callable[[dict[str, Any]], OneOrder],
    sqlite_url: str,
) -> None:
    admin, order, conn = one_order(
        {
            "lines": [{"sku": "SBX-00004-S", "quantity": 2}, {"sku": "SBX-00005-M", "quantity": 3}],
            "fulfillment_orders": [{"skus": ["SBX-00005-M"], "location": "secondary"}],
        }
    )
    lines = [(numeric(li["id"]), li["quantity"]) for li in order["lines"]]
    admin.set_faults([*ambiguous("fulfillmentCreate"), *ambiguous("fulfillmentCreate")])
    shipment = {"retailops_shipment_id": 1, "packages": [package(1, lines)]}
    twice(conn, "order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)
    wait_until(settled(sqlite_url), 60, f"the shipment applied\n{conn.tail()}", every=0.2)
    state = admin.orders_by_name()[order["name"]]
    shipped = sorted(
        (f["location_id"], [(x["line_item_id"], x["quantity"]) for x in f["lines"]])
        for f in state["fulfillments"]
    )
    assert len(shipped) == 2
    assert len({location for location, _ in shipped}) == 2
    assert sorted(x for _, fl in shipped for x in fl) == sorted(
        (li["id"], li["quantity"]) for li in order["lines"]
    )
    assert state["fulfillment_status"] == "FULFILLED"
