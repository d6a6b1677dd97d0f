"""Exactly-once effect: with 20 % of store calls failing (5xx, timeouts, throttling, resets, and
"applied then 500"), every write RetailOps asked for is applied once and the inventory matches.

One `serve` process (SQLite) talks to a real sandbox server whose fault plan is seeded. Every
RetailOps request is sent twice (RetailOps delivers at least once) and re-sent on a non-200, as
RetailOps does. The store is then read back: one fulfillment per package with its exact lines, one
refund per return, one capture per settled authorization, one mark-as-paid, the imported tag once
per order, and exactly the last pushed quantity for every SKU.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest

from tests.guarantees.checks import buffered, converge, intents, mismatches
from tests.guarantees.orders import (
    STORE_TIMEOUT,
    OneOrder,
    Plan,
    effect_problems,
    numeric,
    package,
    seed_orders,
)
from tests.support.process import ConnectorFactory, ConnectorProcess
from tests.support.sandbox import SandboxAdmin, SandboxFactory, SandboxServer, wait_until

# Each guarantee test runs real `serve` processes for seconds to minutes.
pytestmark = pytest.mark.slow

FAULT_RATE = 0.20
TIMEOUT_DELAY = 1.8  # a "timeout": the store answers after the connector's store timeout, then applies
KINDS: list[dict[str, Any]] = [
    {"kind": "http_5xx", "status": 502},
    {"kind": "http_5xx", "status": 503},
    {"kind": "slow", "delay_seconds": TIMEOUT_DELAY},
    {"kind": "throttled"},
    {"kind": "http_429", "retry_after": 0.5},
    {"kind": "reset"},
    {"kind": "applied_then_500"},
]
SETTLE = 90.0


# The writes whose repeat would show: each gets its ambiguous failures at least once for sure
# (applied then 500; answered after the timeout, applied anyway), on top of the random mix.
WRITES = (
    "fulfillmentCreate",
    "orderCapture",
    "refundCreate",
    "tagsAdd",
    "orderMarkAsPaid",
    "inventorySetQuantities",
)


def fault_rules() -> list[dict[str, Any]]:
    """Sure ambiguous failures per write, then one rule per kind that together fail FAULT_RATE of calls."""
    rules: list[dict[str, Any]] = []
    for write in WRITES:
        # The first call times out (and is applied later); the retry is applied then answered 500.
        rules.append({"kind": "slow", "match": write, "count": 1, "delay_seconds": TIMEOUT_DELAY})
        rules.append({"kind": "applied_then_500", "match": write, "count": 1})
    share = FAULT_RATE / len(KINDS)
    for index, kind in enumerate(KINDS):
        # Conditional chances: rule i is reached only when no earlier rule fired.
        rules.append({**kind, "count": None, "probability": share / (1 - index * share)})
    return rules


def _order_of(fields: dict[str, Any]) -> str:
    order = fields.get("order")
    return str(fields.get("channel_order_refnum") or (order or {}).get("channel_order_refnum") or "")


def run_twice(conn: ConnectorProcess, requests: list[tuple[str, dict[str, Any]]]) -> None:
    """Send every request, then all again, retrying non-200 answers as RetailOps would.

    Requests for different orders go in parallel (four at a time), one order's in sequence.
    """
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for action, fields in requests:
        groups.setdefault(_order_of(fields), []).append((action, fields))

    def send(group: list[tuple[str, dict[str, Any]]]) -> None:
        for action, fields in group:
            conn.call(action, attempts=10, **fields)

    for _ in range(2):
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(send, groups.values()))


def settled(database_url: str) -> Callable[[], bool]:
    """True when every intent is done and every buffered quantity delivered; fails on a refused intent."""

    def check() -> bool:
        states = intents(database_url)
        failed = {k: v for k, v in states.items() if v[0] == "failed"}
        assert not failed, f"intents refused by the store: {failed}"
        pending = [k for k, v in states.items() if v[0] != "done"]
        undelivered = [s for s, (_, seq, done) in buffered(database_url).items() if seq != done]
        return not pending and not undelivered

    return check


def test_every_write_applies_once_under_injected_faults(
    make_sandbox: SandboxFactory,
    make_connector: ConnectorFactory,
    admin_of: Callable[[SandboxServer], SandboxAdmin],
    sqlite_url: str,
) -> None:
    store = make_sandbox(products=30, variants_per_product=4, orders=False)
    admin = admin_of(store)
    location = admin.primary_location()
    skus = sorted(v.sku for v in store.runtime.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    order_skus, stock_skus = skus[:24], skus[40:]
    plan: Plan = seed_orders(admin, order_skus, shipped=10, authorized=4)
    conn = make_connector(sqlite_url, store, SHOPIFY_TIMEOUT_SECONDS=STORE_TIMEOUT)
    conn.start()
    admin.set_faults(fault_rules(), seed=20261128)
    rng = random.Random(7)

    expected: dict[str, int] = {}
    requests = plan.requests()
    phase_one = [r for r in requests if r[0] != "order_returned"]
    for round_ in range(3):
        expected = {sku: rng.randrange(0, 500) for sku in stock_skus}
        updates = [{"sku": s, "quantity_available": q} for s, q in expected.items()]
        run_twice(conn, [("inventory_push", {"inventory_updates": updates})])
        if round_ == 0:
            run_twice(conn, phase_one)
    wait_until(settled(sqlite_url), SETTLE, f"intents and inventory settled\n{conn.tail()}", every=0.5)
    # Returns come after the shipments are in the store (a refund restocks shipped units).
    run_twice(conn, [r for r in requests if r[0] == "order_returned"])
    wait_until(settled(sqlite_url), SETTLE, f"returns settled\n{conn.tail()}", every=0.5)
    converge(admin, expected, location, 30, conn.tail)

    faults = Counter(c["fault"] for c in admin.calls() if c["fault"])
    admin.clear_faults()
    time.sleep(TIMEOUT_DELAY + 0.5)  # anything still held by a "timeout" fault lands now
    assert effect_problems(plan, admin.orders_by_name()) == []
    assert mismatches(admin, expected, location) == {}
    # The run really went through every fault kind, at about the rate asked for.
    assert set(faults) == {k["kind"] for k in KINDS}, faults
    total = len(admin.calls())
    assert 0.1 * total < sum(faults.values()) < 0.3 * total, (faults, total)


def test_a_partial_capture_applied_then_500_is_not_captured_again(
    one_order: Callable[[dict[str, Any]], OneOrder],
    sqlite_url: str,
) -> None:
    admin, order, conn = one_order(
        {"lines": [{"sku": "SBX-00002-S", "quantity": 4}], "payment": "authorized"}
    )
    half = float((Decimal(order["total"]) / 2).quantize(Decimal("0.01")))
    admin.set_faults([{"kind": "applied_then_500", "match": "orderCapture", "count": 1}])
    payment = {
        "payment_series_id": 1,
        "payment_transactions": [
            {"payment_processing_type": "channel_payment", "transaction_type": "charge", "amount": half}
        ],
    }
    conn.call("order_settle_payment", order={"channel_order_refnum": numeric(order["id"])}, payment=payment)
    wait_until(settled(sqlite_url), 30, f"the capture applied\n{conn.tail()}", every=0.2)
    captures = [t for t in admin.orders_by_name()[order["name"]]["transactions"] if t["kind"] == "CAPTURE"]
    assert [Decimal(t["amount"]) for t in captures] == [Decimal(str(half))]


def test_an_untracked_package_applied_then_500_is_not_shipped_again(
    one_order: Callable[[dict[str, Any]], OneOrder],
    sqlite_url: str,
) -> None:
    admin, order, conn = one_order({"lines": [{"sku": "SBX-00003-S", "quantity": 5}]})
    admin.set_faults([{"kind": "applied_then_500", "match": "fulfillmentCreate", "count": 1}])
    parcel = {**package(1, [(numeric(order["lines"][0]["id"]), 1)]), "tracking_number": ""}
    shipment = {"retailops_shipment_id": 1, "packages": [parcel]}
    conn.call("order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)
    wait_until(settled(sqlite_url), 30, f"the shipment applied\n{conn.tail()}", every=0.2)
    assert len(admin.orders_by_name()[order["name"]]["fulfillments"]) == 1
