"""The order work the exactly-once test drives: seeded orders and the RetailOps requests for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tests.support.process import ConnectorProcess
from tests.support.sandbox import SandboxAdmin

ORDER_TAG = "retailops-imported"
# The store timeout of the single-order guarantee tests' `serve`: short, so lost answers come fast.
STORE_TIMEOUT = "1"


class OneOrder(NamedTuple):
    """A small store holding one new order, and a started `serve` process on it (`one_order`)."""

    admin: SandboxAdmin
    order: dict[str, Any]
    conn: ConnectorProcess


def numeric(gid: str) -> str:
    """The numeric tail of a GID (RetailOps refnums are numeric ids)."""
    return gid.rsplit("/", 1)[-1]


@dataclass
class Plan:
    """What RetailOps asks for and what the store must show exactly once afterwards."""

    shipped: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (order name, shipment)
    returns: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (order name, return)
    captures: list[tuple[str, float]] = field(default_factory=list)  # (order name, amount to capture)
    manual: list[str] = field(default_factory=list)  # order names marked paid
    refnums: dict[str, str] = field(default_factory=dict)  # order name -> refnum

    def requests(self) -> list[tuple[str, dict[str, Any]]]:
        """Every RetailOps request of the plan as (action, fields), acknowledgement first."""
        acks = [
            {"channel_order_refnum": ref, "retailops_order_id": 7000 + i}
            for i, ref in enumerate(self.refnums.values())
        ]
        found: list[tuple[str, dict[str, Any]]] = [("order_acknowledge", {"orders": acks})]
        for name, shipment in self.shipped:
            found.append(
                ("order_shipment_submit", {"channel_order_refnum": self.refnums[name], "shipment": shipment})
            )
        for name, ret in self.returns:
            found.append(
                ("order_returned", {"order": {"channel_order_refnum": self.refnums[name]}, "return": ret})
            )
        for series, (name, total) in enumerate(self.captures, start=1):
            payment = {
                "payment_series_id": series,
                "payment_transactions": [
                    {
                        "payment_processing_type": "channel_payment",
                        "transaction_type": "charge",
                        "amount": total,
                    }
                ],
            }
            found.append(
                (
                    "order_settle_payment",
                    {"order": {"channel_order_refnum": self.refnums[name]}, "payment": payment},
                )
            )
        for name in self.manual:
            found.append(("order_settle_payment", {"order": {"channel_order_refnum": self.refnums[name]}}))
        return found


def package(pid: int, lines: list[tuple[str, int]]) -> dict[str, Any]:
    """One RetailOps package with its own tracking number."""
    return {
        "retailops_package_id": pid,
        "carrier_name": "UPS",
        "tracking_number": f"1ZGUARANTEE{pid:05d}",
        "date_shipped": "2026-11-20T10:00:00Z",
        "package_items": [{"channel_item_refnum": ref, "quantity": qty} for ref, qty in lines],
    }


def seed_orders(admin: SandboxAdmin, skus: list[str], shipped: int, authorized: int) -> Plan:
    """Create paid orders to ship (and return from), authorized ones to capture, one manual to mark paid."""
    plan = Plan()
    for n in range(shipped):
        a, b = skus[(2 * n) % len(skus)], skus[(2 * n + 1) % len(skus)]
        order = admin.add_order({"lines": [{"sku": a, "quantity": 2}, {"sku": b, "quantity": 3}]})
        name = order["name"]
        plan.refnums[name] = numeric(order["id"])
        line_a, line_b = (numeric(li["id"]) for li in order["lines"])
        # Two shipments: the first splits line B over two packages, the second ships the rest.
        plan.shipped.append(
            (
                name,
                {
                    "retailops_shipment_id": 100 * n + 1,
                    "packages": [
                        package(1000 * n + 1, [(line_a, 1), (line_b, 2)]),
                        package(1000 * n + 2, [(line_b, 1)]),
                    ],
                },
            )
        )
        plan.shipped.append(
            (name, {"retailops_shipment_id": 100 * n + 2, "packages": [package(1000 * n + 3, [(line_a, 1)])]})
        )
        if n % 2 == 0:
            ret = {
                "retailops_return_id": 500 + n,
                "refund_amt": 5,
                "refund_action": "credit",
                "items": [{"channel_item_refnum": line_b, "quantity": 1, "sku": b}],
            }
            plan.returns.append((name, ret))
    for n in range(authorized):
        order = admin.add_order(
            {"lines": [{"sku": skus[n % len(skus)], "quantity": 1}], "payment": "authorized"}
        )
        plan.refnums[order["name"]] = numeric(order["id"])
        plan.captures.append((order["name"], float(order["total"])))
    manual = admin.add_order(
        {
            "lines": [{"sku": skus[0], "quantity": 1}],
            "payment": "manual_pending",
            "gateway": "Cash on Delivery (COD)",
        }
    )
    plan.refnums[manual["name"]] = numeric(manual["id"])
    plan.manual.append(manual["name"])
    return plan


def effect_problems(plan: Plan, orders: dict[str, dict[str, Any]]) -> list[str]:
    """Every way the store differs from 'each intended write applied exactly once' (empty when right)."""
    problems: list[str] = []
    for name in plan.refnums:
        tags = orders[name]["tags"]
        if tags.count(ORDER_TAG) != 1:
            problems.append(f"{name}: tag {ORDER_TAG!r} present {tags.count(ORDER_TAG)} times")
    for name, shipment in plan.shipped:
        fulfillments = orders[name]["fulfillments"]
        for pkg in shipment["packages"]:
            number = pkg["tracking_number"]
            found = [f for f in fulfillments if any(t.get("number") == number for t in f["tracking"])]
            if len(found) != 1:
                problems.append(f"{name}: package {number} has {len(found)} fulfillments")
                continue
            wanted = {
                f"gid://shopify/LineItem/{i['channel_item_refnum']}": i["quantity"]
                for i in pkg["package_items"]
            }
            got = {line["line_item_id"]: line["quantity"] for line in found[0]["lines"]}
            if got != wanted:
                problems.append(f"{name}: package {number} shipped {got}, wanted {wanted}")
    for name in {n for n, _ in plan.shipped}:
        state = orders[name]
        if len(state["fulfillments"]) != 3 or state["fulfillment_status"] != "FULFILLED":
            problems.append(
                f"{name}: {len(state['fulfillments'])} fulfillments, {state['fulfillment_status']}"
            )
    for name, ret in plan.returns:
        note = f"RetailOps return {ret['retailops_return_id']}"
        count = sum(1 for r in orders[name]["refunds"] if r["note"] == note)
        if count != 1 or len(orders[name]["refunds"]) != 1:
            problems.append(f"{name}: {count} refunds for {note}, {len(orders[name]['refunds'])} in all")
    for name, _total in plan.captures:
        captures = [
            t for t in orders[name]["transactions"] if t["kind"] == "CAPTURE" and t["status"] == "SUCCESS"
        ]
        if len(captures) != 1 or orders[name]["financial_status"] != "PAID":
            problems.append(f"{name}: {len(captures)} captures, {orders[name]['financial_status']}")
    for name in plan.manual:
        sales = [t for t in orders[name]["transactions"] if t["kind"] == "SALE" and t["status"] == "SUCCESS"]
        if len(sales) != 1 or orders[name]["financial_status"] != "PAID":
            problems.append(f"{name}: {len(sales)} successful sales, {orders[name]['financial_status']}")
    return problems
