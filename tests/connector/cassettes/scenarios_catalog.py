"""Catalog and inventory scenarios: catalog_get_config (no traffic), catalog_push, inventory_push + flush."""

from __future__ import annotations

from typing import Any

from .harness import Harness


def _tee(price: Any = "19.99") -> dict[str, Any]:
    return {
        "handle": "flow-tee",
        "title": "Flow Tee",
        "vendor": "Acme",
        "product_type": "Shirts",
        "tags": ["summer"],
        "options": [{"name": "Size", "values": ["S", "M"]}],
        "variants": [
            {"sku": "FLOW-S", "price": price, "option_values": {"Size": "S"}, "barcode": "111"},
            {"sku": "FLOW-M", "price": 21.5, "compare_at_price": 25, "option_values": {"Size": "M"}},
        ],
    }


def catalog_get_config(h: Harness) -> None:
    """The answer comes from the connector alone: not one Shopify call."""
    assert h.ro("catalog_get_config") == {"events": [], "sku_fanout": "related_skus"}
    assert h.operations() == []


def catalog_push_upsert(h: Harness) -> None:
    """A new product is created by productSet, a bad one reported, a repeat sent nowhere, a change re-sent."""
    bad = {"handle": "Bad Handle", "title": "x", "variants": [{"sku": "BAD-1", "price": 1}]}
    body = h.ro("catalog_push", template_output={"products": [_tee(), bad]})
    [event] = body["events"]
    assert (event["event_type"], event["code"]) == ("error", "INVALID_REQUEST")
    assert {"identifier_type": "sku_number", "identifier": "BAD-1"} in event["associations"]
    assert h.operations() == ["ProductSet"]
    [created] = h.sent("ProductSet")
    assert created["input"]["handle"] == "flow-tee"
    assert [v["sku"] for v in created["input"]["variants"]] == ["FLOW-S", "FLOW-M"]
    # The same product again is a durable no-op: the upsert intent is done, nothing is sent.
    assert h.ro("catalog_push", template_output={"products": [_tee()]}) == {"events": []}
    assert h.operations() == ["ProductSet"]
    # A new price is a new upsert of the whole product.
    assert h.ro("catalog_push", template_output={"products": [_tee(price="17.00")]}) == {"events": []}
    changed = h.sent("ProductSet")[-1]["input"]["variants"]
    assert [v["price"] for v in changed] == ["17.00", "21.5"]
    assert h.operations() == ["ProductSet", "ProductSet"]


def inventory_push_and_flush(h: Harness) -> None:
    """Known SKUs are resolved and buffered, an unknown one warned; the flush writes one batch."""
    body = h.ro(
        "inventory_push",
        inventory_updates=[
            {"sku": "SBX-00007-S", "quantity_available": 5},
            {"sku": "SBX-00008-M", "quantity_available": 8},
            {"sku": "NOT-IN-STORE", "quantity_available": 1},
        ],
    )
    assert [(e["code"], e["associations"][0]["identifier"]) for e in body["events"]] == [
        ("UNKNOWN_SKU", "NOT-IN-STORE")
    ]
    figures = h.flush()
    assert (figures.delivered, figures.unknown, figures.failed) == (2, 1, 0)
    [written] = h.sent("InventorySetQuantities")
    assert written["input"]["name"] == "available"
    assert sorted(q["quantity"] for q in written["input"]["quantities"]) == [5, 8]
    assert written["key"].startswith("inv-")
    # Nothing is pending any more, so a second flush sends nothing.
    assert h.flush().delivered == 0
    assert h.operations().count("InventorySetQuantities") == 1


def catalog_then_inventory(h: Harness) -> None:
    """SKUs catalog_push created need no lookup in inventory_push; committed units are held back."""
    assert h.ro("catalog_push", template_output={"products": [_tee()]}) == {"events": []}
    body = h.ro(
        "inventory_push",
        inventory_updates=[
            {"sku": "FLOW-S", "quantity_available": 5},
            {"sku": "FLOW-M", "quantity_available": 8},
            {"sku": "SBX-00001-M", "quantity_available": 10},
        ],
    )
    assert body == {"events": []}
    assert h.sync_orders().complete  # commitments are read from the order mirror
    before = len(h.operations())
    figures = h.flush()
    assert (figures.delivered, figures.unknown) == (3, 0)
    # Commitments come from the mirror: the flush reads no order from the store.
    assert not [op for op in h.operations()[before:] if op.startswith("Order")]
    [written] = h.sent("InventorySetQuantities")
    by_item = {q["inventoryItemId"]: q["quantity"] for q in written["input"]["quantities"]}
    [product] = h.sent("ProductSet")
    assert len(by_item) == 3
    assert product["input"]["handle"] == "flow-tee"
    # SBX-00001-M: 10 wanted less the 6 units open, unimported orders hold (#1001, #1004, #1010).
    assert sorted(by_item.values()) == [4, 5, 8]
