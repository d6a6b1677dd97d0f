"""A timed-out inventorySetQuantities that lands long after the connector's park of its rows lapsed
(3.5 s against a 1 s store timeout) must still not overwrite a newer push: the flush sends the lost
call again with its key first, and Shopify answers IDEMPOTENCY_CONCURRENT_REQUEST until it landed.

Fails with a settle wait of one store timeout alone (issue 9 A3: the race behind the flaky
test_late_inventory under load, where the 0.2 s margin of that test was eaten).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.guarantees.checks import converge, mismatches
from tests.support.process import ConnectorFactory
from tests.support.sandbox import INVENTORY_SET, SandboxAdmin, SandboxFactory, SandboxServer, wait_until

# Each guarantee test runs real `serve` processes for seconds to minutes.
pytestmark = pytest.mark.slow

LATE = 3.5


def test_a_batch_landing_long_after_its_timeout_does_not_overwrite_a_newer_push(
    make_sandbox: SandboxFactory,
    make_connector: ConnectorFactory,
    admin_of: Callable[[SandboxServer], SandboxAdmin],
    sqlite_url: str,
) -> None:
    store = make_sandbox(products=10, variants_per_product=4, orders=False)
    admin = admin_of(store)
    location = admin.primary_location()
    skus = sorted(v.sku for v in store.runtime.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    conn = make_connector(sqlite_url, store, SHOPIFY_TIMEOUT_SECONDS="1")
    conn.start()
    admin.set_faults(
        [
            {"kind": "http_5xx", "match": INVENTORY_SET, "count": 4, "status": 503},
            {"kind": "slow", "match": INVENTORY_SET, "count": 1, "delay_seconds": LATE},
        ]
    )
    first = {sku: 100 + n for n, sku in enumerate(skus)}
    conn.call(
        "inventory_push", inventory_updates=[{"sku": s, "quantity_available": q} for s, q in first.items()]
    )
    wait_until(lambda: all(rule["count"] == 0 for rule in admin.faults()), 20, "the late call in flight")
    taken = time.monotonic()
    newer = {sku: 500 + n for n, sku in enumerate(skus)}
    conn.call(
        "inventory_push", inventory_updates=[{"sku": s, "quantity_available": q} for s, q in newer.items()]
    )
    converge(admin, newer, location, 20, conn.tail)
    time.sleep(max(0.0, taken + LATE + 0.5 - time.monotonic()))
    assert mismatches(admin, newer, location) == {}, "the timed-out call landed over the newer push"
