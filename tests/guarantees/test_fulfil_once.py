"""One fulfilment per package when fulfillmentCreate's answer is lost: answered late, connection reset,
or the write itself landing after the connector gave up. One `serve` process against a real sandbox
server, a store timeout of 1 s; the package ships part of a line, so the remaining quantity alone
cannot refuse a second fulfilment. Every request is sent twice, as RetailOps may.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.guarantees.orders import STORE_TIMEOUT, OneOrder, numeric, package
from tests.guarantees.test_exactly_once import settled
from tests.support.sandbox import wait_until

pytestmark = pytest.mark.slow

TIMEOUT = float(STORE_TIMEOUT)
FAULTS: dict[str, dict[str, Any]] = {
    # Applied at once, answered after the connector's store timeout.
    "answered_late": {"kind": "applied_then_slow", "delay_seconds": TIMEOUT * 1.8},
    # Applied, then the connection drops without an answer.
    "reset_after_apply": {"kind": "applied_then_reset"},
    # Received, but applied only after the connector's timeout (as the fault-injection run does).
    "lands_after_timeout": {"kind": "slow", "delay_seconds": TIMEOUT * 1.8},
    # Applied later still: past one more store timeout after the connector gave up (a loaded store).
    "lands_after_two_timeouts": {"kind": "slow", "delay_seconds": TIMEOUT * 2.5},
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_package_is_fulfilled_once_when_the_answer_is_lost(
    fault: str,
    one_order: Callable[[dict[str, Any]], OneOrder],
    sqlite_url: str,
) -> None:
    admin, order, conn = one_order({"lines": [{"sku": "SBX-00002-S", "quantity": 4}]})
    line = numeric(order["lines"][0]["id"])
    admin.set_faults([{**FAULTS[fault], "match": "fulfillmentCreate", "count": 1}])
    shipment = {"retailops_shipment_id": 1, "packages": [package(1, [(line, 2)])]}
    for _ in range(2):
        conn.call(
            "order_shipment_submit", attempts=10, channel_order_refnum=numeric(order["id"]), shipment=shipment
        )
    wait_until(settled(sqlite_url), 60, f"the shipment applied\n{conn.tail()}", every=0.2)
    time.sleep(TIMEOUT * 3)  # anything still in flight at the store has landed by now
    state = admin.orders_by_name()[order["name"]]
    shipped = [[(x["line_item_id"], x["quantity"]) for x in f["lines"]] for f in state["fulfillments"]]
    assert shipped == [[(order["lines"][0]["id"], 2)]], conn.tail()
