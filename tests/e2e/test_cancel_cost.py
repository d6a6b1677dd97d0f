"""What one cancellation costs in store calls, end to end over HTTP against the sandbox.

Whether the order exists and is cancelled is all order_cancel decides on: one lean read (a few
points), which the intent's first try reuses, instead of the full order document twice (~44
actual points each). A retry, and a repeated request, read again.
"""

from __future__ import annotations

from typing import Any

from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin


def numeric(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def cancel(ro: Call, order: dict[str, Any]) -> dict[str, Any]:
    return ro("order_cancel", order={"channel_order_refnum": numeric(order["id"])})


def operations(admin: SandboxAdmin) -> list[str]:
    return [str(c["operation"]) for c in admin.calls()]


def test_a_cancellation_reads_the_order_once_and_cheaply(ro: Call, admin: SandboxAdmin) -> None:
    order = admin.add_order({"lines": [{"sku": "SBX-00001-S", "quantity": 1}]})
    admin.clear_calls()
    body = cancel(ro, order)
    assert (body["status"], body["events"]) == ("success", [])
    assert operations(admin)[:2] == ["OrderStatesById", "OrderCancel"]
    assert "OrdersById" not in operations(admin)
    [read] = [c for c in admin.calls() if c["operation"] == "OrderStatesById"]
    assert read["actual_cost"] <= 3
    assert admin.orders_by_name()[order["name"]]["cancelled"]


def test_an_order_cancelled_in_the_store_meanwhile_is_success_without_a_write(
    ro: Call, admin: SandboxAdmin
) -> None:
    order = admin.add_order({"lines": [{"sku": "SBX-00001-M", "quantity": 1}], "cancelled": True})
    admin.clear_calls()
    body = cancel(ro, order)
    assert (body["status"], body["events"]) == ("success", [])
    assert operations(admin) == ["OrderStatesById"]


def test_an_unknown_order_fails_with_its_event(ro: Call, admin: SandboxAdmin) -> None:
    body = ro("order_cancel", order={"channel_order_refnum": "999999999"})
    assert body["status"] == "fail"
    assert [e["code"] for e in body["events"]] == ["UNKNOWN_ORDER"]
