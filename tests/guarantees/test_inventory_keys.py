"""Inventory key rules under applied-then-500 faults (issue 9 A3): every quantity lands exactly once,
a key never comes back with other quantities, a refused item is isolated and parked with Shopify's
message while the rest of its batch lands.

The store refuses one item of the batch (taken off the location) and answers the first three
inventorySetQuantities calls with a 500 after applying them: the refused attempt (its key is spent),
the resend under the next key, and the batch without the refused item (applied, answer lost).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest

from tests.guarantees.checks import _rows, converge
from tests.support.process import ConnectorFactory
from tests.support.sandbox import INVENTORY_SET, SandboxAdmin, SandboxFactory, SandboxServer, wait_until

# Real servers (and, for guarantees, `serve` processes) for seconds each.
pytestmark = pytest.mark.slow


def _unstock(store: SandboxServer, sku: str) -> str:
    """Take the SKU's item off the primary location; answers the item's gid."""
    data = store.runtime.store
    with data.lock:
        item = data.items[data.variant_by_sku(sku)[0].inventory_item_id]
        data.levels.pop(item.levels.pop(data.primary_location.id).id)
    return f"gid://shopify/InventoryItem/{item.id}"


def _applied_sets(store: SandboxServer) -> Counter[tuple[str, int]]:
    """(item, quantity) of every set the store applied, counted once per applied attempt."""
    counted: Counter[tuple[str, int]] = Counter()
    with store.runtime.store.lock:
        records = dict(store.runtime.store.idempotency.records)
    for (mutation, _key), record in records.items():
        if mutation == INVENTORY_SET and record.state == "succeeded":
            for row in json.loads(record.fingerprint)["input"]["quantities"]:
                counted[(row["inventoryItemId"], row["quantity"])] += 1
    return counted


def test_inventory_keys_under_applied_then_500(
    make_sandbox: SandboxFactory,
    make_connector: ConnectorFactory,
    admin_of: Callable[[SandboxServer], SandboxAdmin],
    sqlite_url: str,
) -> None:
    store = make_sandbox(products=5, variants_per_product=4, orders=False)
    admin = admin_of(store)
    location = admin.primary_location()
    skus = sorted(v.sku for v in store.runtime.store.variants.values() if v.sku and v.sku.startswith("SBX-"))
    conn = make_connector(sqlite_url, store, SHOPIFY_TIMEOUT_SECONDS="2")
    conn.start()
    conn.call("inventory_push", inventory_updates=[{"sku": s, "quantity_available": 1} for s in skus])
    converge(admin, dict.fromkeys(skus, 1), location, 20, conn.tail)

    refused = skus[3]
    refused_item = _unstock(store, refused)
    admin.set_faults([{"kind": "applied_then_500", "match": INVENTORY_SET, "count": 3}])
    newer = {sku: 50 + n for n, sku in enumerate(skus)}
    conn.call(
        "inventory_push", inventory_updates=[{"sku": s, "quantity_available": q} for s, q in newer.items()]
    )
    landed = {s: q for s, q in newer.items() if s != refused}
    converge(admin, landed, location, 30, conn.tail)
    wait_until(lambda: all(rule["count"] == 0 for rule in admin.faults()), 10, "the three faults used")

    def parked_error() -> str | None:
        rows = _rows(sqlite_url, f"SELECT last_error FROM inventory_buffer WHERE sku = '{refused}'")
        return None if not rows or rows[0][0] is None else str(rows[0][0])

    wait_until(lambda: parked_error() is not None, 10, f"the refused row parked\n{conn.tail()}")
    assert "The specified inventory item is not stocked at the location." in str(parked_error())

    applied = _applied_sets(store)
    items = {sku: admin_item for sku, admin_item in _items(store, skus).items()}
    for sku, quantity in landed.items():
        assert applied[(items[sku], quantity)] == 1, f"{sku} applied {applied[(items[sku], quantity)]} times"
    assert applied[(refused_item, newer[refused])] == 0

    sent: dict[str, set[str]] = {}
    for key, quantities in store.inventory_batches():
        sent.setdefault(key, set()).add(json.dumps(quantities, sort_keys=True))
    reused = {key for key, variants in sent.items() if len(variants) > 1}
    assert not reused, f"keys sent again with other quantities: {reused}"


def _items(store: SandboxServer, skus: list[str]) -> dict[str, str]:
    data = store.runtime.store
    with data.lock:
        return {s: f"gid://shopify/InventoryItem/{data.variant_by_sku(s)[0].inventory_item_id}" for s in skus}
