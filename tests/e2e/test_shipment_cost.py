"""What one shipment costs in store calls, end to end over HTTP against the sandbox.

A new package's fulfil takes the order its action read moments before (nothing of the package can
be in the store yet), so a shipment reads the order once, with one lean document; every later try,
a second package of the same request and a repeated request read it again, since an earlier write
may have applied.
"""

from __future__ import annotations

from typing import Any

import pytest

from connector.settings import Settings
from tests.e2e.test_order_paths import package
from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin, SandboxServer


@pytest.fixture
def e2e_settings(e2e_settings: Settings, sandbox: SandboxServer) -> Settings:
    """A 1 s store timeout: a lost answer is held 2 s, then tried again within the request's budget."""
    return e2e_settings.model_copy(
        update={"shopify_timeout_seconds": 1.0, "connector_write_budget_seconds": 8.0}
    )


def numeric(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def new_order(admin: SandboxAdmin) -> dict[str, Any]:
    lines = [{"sku": "SBX-00001-S", "quantity": 2}, {"sku": "SBX-00002-M", "quantity": 1}]
    order = admin.add_order({"lines": lines})
    admin.clear_calls()
    return order


def ship(ro: Call, order: dict[str, Any], sid: int, *packages: dict[str, Any]) -> dict[str, Any]:
    shipment = {"retailops_shipment_id": sid, "packages": list(packages)}
    return ro("order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)


def operations(admin: SandboxAdmin) -> list[str]:
    return [str(c["operation"]) for c in admin.calls()]


def line(order: dict[str, Any], index: int) -> str:
    return numeric(order["lines"][index]["id"])


def test_a_new_shipment_reads_the_order_once(ro: Call, admin: SandboxAdmin) -> None:
    order = new_order(admin)
    assert ship(ro, order, 1, package(1, (line(order, 0), 2), (line(order, 1), 1)))["events"] == []
    assert operations(admin) == ["OrderShipping", "FulfillmentCreate"]
    assert len(admin.orders_by_name()[order["name"]]["fulfillments"]) == 1
    # One lean read (line ids, fulfilments, fulfillment orders) instead of the full order document
    # (requested 178, actual 44 here) and a fulfillment-order read (194 and 12): background work
    # keeps the requested cost free for it, and the actual cost is what the shipment spends.
    [read] = [c for c in admin.calls() if c["operation"] == "OrderShipping"]
    assert read["requested_cost"] <= 80
    assert read["actual_cost"] <= 20
    # fulfillmentCreate selects the new fulfillment's id only: the mutation's flat 10 points.
    [write] = [c for c in admin.calls() if c["operation"] == "FulfillmentCreate"]
    assert (write["requested_cost"], write["actual_cost"]) == (10, 10)


def test_a_second_package_and_a_repeat_read_the_order_again(ro: Call, admin: SandboxAdmin) -> None:
    order = new_order(admin)
    first, second = package(1, (line(order, 0), 1)), package(2, (line(order, 1), 1))
    assert ship(ro, order, 1, first, second)["events"] == []
    # The second package's fulfil must see the first one's fulfillment: the action's read predates it.
    once = ["OrderShipping", "FulfillmentCreate"]
    assert operations(admin) == [*once, *once]
    admin.clear_calls()
    again = package(3, (line(order, 0), 1))
    assert ship(ro, order, 2, again)["events"] == []
    admin.clear_calls()
    # A repeated request changes nothing and costs one read (the action's; the intent is done).
    assert [e["code"] for e in ship(ro, order, 2, again)["events"]] == ["DUPLICATE"]
    assert operations(admin) == ["OrderShipping"]
    assert len(admin.orders_by_name()[order["name"]]["fulfillments"]) == 3


def test_the_try_after_a_lost_answer_reads_the_order_again(ro: Call, admin: SandboxAdmin) -> None:
    order = new_order(admin)
    admin.set_faults([{"kind": "applied_then_reset", "match": "fulfillmentCreate", "count": 1}])
    assert ship(ro, order, 1, package(1, (line(order, 0), 1)))["events"] == []
    # The first try may have applied (it did): the next one reads the order, finds it, ships nothing.
    assert operations(admin) == ["OrderShipping", "FulfillmentCreate", "OrderShipping"]
    fulfillments = admin.orders_by_name()[order["name"]]["fulfillments"]
    assert [[x["quantity"] for x in f["lines"]] for f in fulfillments] == [[1]]
