"""Replicas: two `serve` processes on one PostgreSQL database share the work, apply no batch twice,
and lose nothing; the same order write sent to both at once is applied once.

Runs against the real PostgreSQL server (127.0.0.1:5432); skipped without one unless CI=true, where
it fails. The sandbox records every inventorySetQuantities body, so the test sees exactly which
batches reached the store and which the store applied.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.guarantees.checks import buffered, converge, intents
from tests.guarantees.orders import effect_problems, seed_orders
from tests.support.process import ConnectorFactory, ConnectorProcess
from tests.support.sandbox import INVENTORY_SET, SandboxAdmin, SandboxFactory, SandboxServer, wait_until

# Each guarantee test runs real `serve` processes for seconds to minutes.
pytestmark = pytest.mark.slow

ROUNDS = 4
DELIVERED = re.compile(r"job inventory_flush ran in [0-9.]+s: \{[^}]*'delivered': (\d+)")


def delivered_by(conn: ConnectorProcess) -> int:
    """SKU quantities this process recorded as delivered (from its job log lines)."""
    return sum(int(n) for n in DELIVERED.findall(conn.log_path.read_text(errors="replace")))


def push(conn: ConnectorProcess, quantities: dict[str, int]) -> None:
    """One inventory_push, accepted whole."""
    body = conn.call(
        "inventory_push",
        inventory_updates=[{"sku": s, "quantity_available": q} for s, q in quantities.items()],
    )
    assert [e for e in body.get("events", []) if e.get("event_type") == "error"] == [], body


def both(replicas: list[ConnectorProcess], action: str, fields: dict[str, Any]) -> None:
    """The same request to every replica at the same moment (RetailOps retrying on another one)."""
    with ThreadPoolExecutor(max_workers=len(replicas)) as pool:
        list(pool.map(lambda conn: conn.call(action, attempts=10, **fields), replicas))


def test_two_replicas_share_the_work_without_applying_anything_twice(
    pg_url: str,  # first: set up before, torn down after, the processes that use the database
    make_sandbox: SandboxFactory,
    make_connector: ConnectorFactory,
    admin_of: Callable[[SandboxServer], SandboxAdmin],
) -> None:
    store = make_sandbox(products=150, variants_per_product=4, orders=False)
    admin = admin_of(store)
    location = admin.primary_location()
    skus = sorted(v.sku for v in store.runtime.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    order_skus, stock_skus = skus[:24], skus[24:]
    plan = seed_orders(admin, order_skus, shipped=4, authorized=2)
    plan.returns.clear()  # refunds are covered by the exactly-once test; here: concurrent repeats
    replicas = [make_connector(pg_url, store, name=f"replica-{n}") for n in (1, 2)]
    for conn in replicas:  # one after the other: the first migrates, the second finds the schema at head
        conn.start()
    # Slow answers stretch every batch so the two flushers overlap in time (no failure: 0.4 s < timeout).
    admin.set_faults(
        [{"kind": "slow", "match": INVENTORY_SET, "count": None, "probability": 0.5, "delay_seconds": 0.4}],
        seed=5,
    )
    rng = random.Random(11)
    pushed: dict[tuple[str, int], int] = {}
    expected: dict[str, int] = {}
    for round_ in range(ROUNDS):
        # Quantities carry the round, so each (SKU, round) value is told apart in the store's log.
        expected = {sku: round_ * 1000 + rng.randrange(0, 1000) for sku in stock_skus}
        shuffled = list(expected)
        rng.shuffle(shuffled)
        halves = [shuffled[: len(shuffled) // 2], shuffled[len(shuffled) // 2 :]]
        batches = [{s: expected[s] for s in half} for half in halves]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(push, replicas, batches))
        pushed.update({(sku, round_): qty for sku, qty in expected.items()})
        converge(admin, expected, location, 30, lambda: "\n".join(c.tail(15) for c in replicas))

    # The same order writes through both replicas at once.
    for action, fields in plan.requests():
        if action != "order_returned":
            both(replicas, action, fields)
            both(replicas, action, fields)

    def settled() -> bool:
        states = intents(pg_url)
        assert not [k for k, v in states.items() if v[0] == "failed"], states
        return all(v[0] == "done" for v in states.values())

    wait_until(settled, 60, "every intent done", every=0.5)
    assert effect_problems(plan, admin.orders_by_name()) == []

    # Nothing lost: every buffered quantity is recorded delivered.
    assert [s for s, (_, seq, done) in buffered(pg_url).items() if seq != done] == []
    # No batch applied twice: no batch was even sent twice, and each (SKU, round) value reached the
    # store in exactly one applied batch.
    sent = store.inventory_batches()
    keys = Counter(key for key, _ in sent)
    assert [k for k, n in keys.items() if n > 1] == []
    applied = store.applied_inventory_keys()
    assert set(keys) == applied
    item_of = {
        v.sku: f"gid://shopify/InventoryItem/{v.inventory_item_id}"
        for v in store.runtime.store.variants.values()
    }
    seen = Counter(
        (row["inventoryItemId"], row["quantity"]) for key, rows in sent if key in applied for row in rows
    )
    wanted = Counter({(item_of[sku], qty): 1 for (sku, _), qty in pushed.items()})
    assert seen == wanted
    # Concurrent repeats of the same requests on both replicas never crash a request.
    for conn in replicas:
        log = conn.log_path.read_text(errors="replace")
        assert re.findall(r"unhandled error on (\S+)", log) == []
    # Shared work: both replicas delivered batches, and together exactly what was pushed.
    shares = [delivered_by(conn) for conn in replicas]
    assert all(n > 0 for n in shares), shares
    assert sum(shares) == len(pushed), shares
