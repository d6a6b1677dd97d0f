"""Durability: a 200 to inventory_push is in the database; SIGKILL anywhere in a flush loses nothing.

One `serve` process on a SQLite file flushes 400 SKUs (two inventorySetQuantities batches) to a real
sandbox server. Each round pushes new quantities for every SKU and kills the process with SIGKILL at
a different point of the flush, then restarts it on the same database. After every restart the
store must end with exactly the last pushed quantity for every SKU, and a request the dead process
left in flight (a slow store answer applied after the kill) must never overwrite a newer push.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.guarantees.checks import buffered, converge, mismatches
from tests.support.process import ConnectorFactory, ConnectorProcess
from tests.support.sandbox import INVENTORY_SET, SandboxAdmin, SandboxFactory, SandboxServer, wait_until

# Each guarantee test runs real `serve` processes for seconds to minutes.
pytestmark = pytest.mark.slow

SLOW = 3.0  # seconds the store holds a slowed call before applying it (the connector is dead by then)
# Store timeout 2 s makes the flush lease 6 s: a restarted process takes over a dead one's rows
# after it. A call the dead process left in flight lands ZOMBIE seconds after the kill: later than
# restart + push + delivery (~2 s), earlier than the lease, so only a correct lease keeps it harmless.
STORE_TIMEOUT = "2"
ZOMBIE = 3.5
CONVERGE = 30.0  # restart + lease expiry of the dead process + two batches, with margin


def new_quantities(rng: random.Random, skus: list[str], before: dict[str, int]) -> dict[str, int]:
    """A fresh quantity for every SKU, never equal to the previous one (so every write shows)."""
    result = {}
    for sku in skus:
        qty = rng.randrange(0, 1000)
        while qty == before.get(sku):
            qty = rng.randrange(0, 1000)
        result[sku] = qty
    return result


def push(conn: ConnectorProcess, quantities: dict[str, int]) -> None:
    """One inventory_push of every quantity; it must be accepted whole."""
    body = conn.call(
        "inventory_push",
        inventory_updates=[{"sku": s, "quantity_available": q} for s, q in quantities.items()],
    )
    assert [e for e in body.get("events", []) if e.get("event_type") == "error"] == [], body


def in_flight(admin: SandboxAdmin) -> Callable[[], bool]:
    """True once the store has taken the slowed call (the rule's count is spent)."""
    return lambda: all(rule["count"] == 0 for rule in admin.faults())


def slow_rule(skip: int = 0, delay: float = SLOW) -> dict[str, Any]:
    """Hold one inventorySetQuantities call `delay` seconds, then apply it."""
    return {"kind": "slow", "match": INVENTORY_SET, "count": 1, "skip": skip, "delay_seconds": delay}


def test_sigkill_at_every_point_of_a_flush_loses_nothing(
    make_sandbox: SandboxFactory,
    make_connector: ConnectorFactory,
    admin_of: Callable[[SandboxServer], SandboxAdmin],
    sqlite_url: str,
) -> None:
    store = make_sandbox(products=100, variants_per_product=4, orders=False)
    admin = admin_of(store)
    location = admin.primary_location()
    skus = sorted(v.sku for v in store.runtime.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    assert len(skus) == 400
    # A slow interval: after a restart the first flush is the one the next push wakes up.
    conn = make_connector(
        sqlite_url, store, SHOPIFY_TIMEOUT_SECONDS=STORE_TIMEOUT, CONNECTOR_INVENTORY_FLUSH_SECONDS="3"
    )
    conn.start()
    rng = random.Random(20261128)
    expected: dict[str, int] = {}

    def diagnose() -> str:
        pending = {k: v for k, v in buffered(sqlite_url).items() if v[1] > v[2]}
        return f"{len(pending)} rows pending in the buffer\n{conn.tail()}"

    def round_(kill: Callable[[], None]) -> None:
        expected.update(new_quantities(rng, skus, expected))
        kill()
        conn.restart()
        converge(admin, expected, location, CONVERGE, diagnose)

    # 1. Killed right after the 200: the quantities must already be in the database.
    def after_ack() -> None:
        push(conn, expected)
        conn.kill()
        rows = buffered(sqlite_url)
        assert {sku: rows[sku][0] for sku in skus} == expected

    # 2. Killed while the first batch's call is held by the store (it is applied after the kill).
    def mid_call() -> None:
        admin.set_faults([slow_rule()])
        push(conn, expected)
        wait_until(in_flight(admin), 10, "the slowed inventorySetQuantities call")
        conn.kill()

    # 3. Killed just after the first batch was applied, before its delivery is recorded.
    def between_calls() -> None:
        applied = len(store.applied_inventory_keys())
        push(conn, expected)
        wait_until(lambda: len(store.applied_inventory_keys()) > applied, 10, "a batch applied")
        conn.kill()

    # 4. Killed while the second batch is in flight.
    def second_batch() -> None:
        admin.set_faults([slow_rule(skip=1)])
        push(conn, expected)
        wait_until(in_flight(admin), 10, "the second batch in flight")
        conn.kill()

    for kill in (after_ack, mid_call, between_calls, second_batch):
        round_(kill)

    # 5. A newer push lands while the dead process's slowed call is still pending in the store:
    #    the stale call must not overwrite it, whenever it lands.
    expected.update(new_quantities(rng, skus, expected))
    admin.set_faults([slow_rule(delay=ZOMBIE)])
    push(conn, expected)
    wait_until(in_flight(admin), 10, "the slowed call")
    conn.kill()
    killed = time.monotonic()
    conn.restart()
    expected.update(new_quantities(rng, skus, expected))
    push(conn, expected)
    converge(admin, expected, location, CONVERGE, diagnose)
    time.sleep(max(0.0, killed + ZOMBIE + 0.5 - time.monotonic()))
    assert mismatches(admin, expected, location) == {}, "a dead process's call overwrote a newer push"

    # 6. Two kills in a row, each mid-call, before anything of the round is recorded as delivered.
    expected.update(new_quantities(rng, skus, expected))
    for _ in range(2):
        admin.set_faults([slow_rule()])
        if conn.proc is None:
            conn.restart()
        else:
            push(conn, expected)
        wait_until(in_flight(admin), 20, "the slowed call")
        conn.kill()
        killed = time.monotonic()
    conn.restart()
    converge(admin, expected, location, CONVERGE, diagnose)

    # Every push is recorded as delivered, and nothing the dead processes left in flight lands later.
    wait_until(
        lambda: all(seq == done for _, seq, done in buffered(sqlite_url).values()), 10, "buffer drained"
    )
    conn.stop()
    time.sleep(max(0.0, killed + SLOW + 0.5 - time.monotonic()))
    assert mismatches(admin, expected, location) == {}
