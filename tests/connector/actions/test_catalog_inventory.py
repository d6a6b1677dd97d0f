"""catalog_push validation/upserts and inventory_push buffering + flushing, against the in-memory store."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import text
from starlette.testclient import TestClient

from connector.app import create_app
from connector.domain.locations import DEFAULT_LOCATION
from connector.jobs.inventory_flush import flush
from connector.repo import inventory
from connector.services import Services
from tests.conftest import Call, action_poster, run_job
from tests.fakes.storefront import LOCATION, FakeStorefront, transient


def _services(client: TestClient) -> Services:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    return services


def _flush(client: TestClient) -> Any:
    return run_job(client, flush)


def _product(handle: str, *skus: str, **extra: Any) -> dict[str, Any]:
    variants = [{"sku": s, "price": 10, "option_values": {"Size": f"S{i}"}} for i, s in enumerate(skus)]
    return {
        "handle": handle,
        "title": handle.title(),
        "options": [{"name": "Size", "values": [f"S{i}" for i in range(len(skus))]}],
        "variants": variants,
        **extra,
    }


def test_catalog_push_upserts_good_products_and_reports_each_bad_one(
    call: Call, storefront: FakeStorefront
) -> None:
    body = call(
        "catalog_push",
        template_output={
            "products": [
                _product("shirt", "SH-1", "SH-2"),
                {"handle": "Bad Handle", "title": "x", "variants": [{"sku": "BAD-1", "price": 1}]},
                _product("mug", "MUG-1"),
                {"handle": "nosku", "title": "No SKU", "variants": [{"price": 3}]},
            ]
        },
    )
    assert set(storefront.products) == {"shirt", "mug"}
    assert [v.sku for v in storefront.products["shirt"].variants] == ["SH-1", "SH-2"]
    errors = body["events"]
    assert len(errors) == 2
    assert {"identifier_type": "sku_number", "identifier": "BAD-1"} in errors[0]["associations"]
    assert errors[0]["message"].startswith("products[1].handle:")
    assert errors[1]["message"].startswith("products[3].variants[0]:")
    assert {"identifier_type": "product_id", "identifier": "nosku"} in errors[1]["associations"]


def test_catalog_push_of_an_empty_template_changes_nothing(call: Call, storefront: FakeStorefront) -> None:
    assert call("catalog_push", template_output={}) == {"events": []}
    assert storefront.calls.count("upsert_product") == 0


def test_inventory_push_is_buffered_then_flushed_in_one_write(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    refs = [storefront.add_variant(f"SKU-{i}") for i in range(5)]
    for qty in range(10):  # ten pushes of the same SKUs coalesce into one write
        call("inventory_push", inventory_updates=[{"sku": r.sku, "quantity_available": qty} for r in refs])
    figures = _flush(client)
    assert figures.delivered == 5
    assert storefront.calls.count("set_inventory") == 1
    assert all(storefront.inventory[(r.inventory_item_id, LOCATION)] == 9 for r in refs)
    assert _flush(client).delivered == 0


def test_unknown_skus_are_warned_kept_and_not_sent(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_variant("KNOWN")
    body = call(
        "inventory_push",
        inventory_updates=[
            {"sku": "KNOWN", "quantity_available": 4},
            {"sku": "GHOST", "quantity_available": 2},
        ],
    )
    assert [(e["code"], e["associations"][0]["identifier"]) for e in body["events"]] == [
        ("UNKNOWN_SKU", "GHOST")
    ]
    figures = _flush(client)
    assert (figures.delivered, figures.unknown) == (1, 1)
    with _services(client).db.engine.connect() as conn:
        pending = (
            conn.execute(text("SELECT sku FROM inventory_buffer WHERE seq > delivered_seq")).scalars().all()
        )
    assert pending == ["GHOST"]


def test_a_push_during_a_flush_is_not_lost(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    ref = storefront.add_variant("RACE")
    call("inventory_push", inventory_updates=[{"sku": "RACE", "quantity_available": 1}])
    original = storefront.set_inventory
    sent: list[int] = []

    async def push_midway(quantities: Any, key: str) -> None:
        await original(quantities, key)
        sent.append(quantities[0].quantity)
        if len(sent) > 1:
            return
        # RetailOps pushes again while the first write is in flight (what inventory_push stores).
        await _services(client).db.run(
            partial(inventory.buffer_quantities, wanted={("RACE", DEFAULT_LOCATION): 7})
        )

    storefront.set_inventory = push_midway  # type: ignore[method-assign,assignment]
    _flush(client)
    storefront.set_inventory = original  # type: ignore[method-assign]
    # The first write carried 1; the row's seq moved, so it stayed pending and went again as 7.
    assert sent == [1, 7]
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 7
    assert _flush(client).delivered == 0


def test_transient_failure_keeps_quantities_for_the_next_flush(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    ref = storefront.add_variant("FLAKY")
    call("inventory_push", inventory_updates=[{"sku": "FLAKY", "quantity_available": 3}])
    storefront.fail_verb["set_inventory"] = [transient()]
    assert _flush(client).failed == 1
    # The failed call may still land late, so the rows are held for one store timeout first.
    assert _flush(client).batches == 0
    with _services(client).db.engine.begin() as conn:
        conn.execute(text("UPDATE inventory_buffer SET claimed_until = NULL"))
    assert _flush(client).delivered == 1
    assert storefront.inventory[(ref.inventory_item_id, LOCATION)] == 3


def test_bad_items_are_reported_and_the_rest_accepted(call: Call) -> None:
    body = call(
        "inventory_push",
        inventory_updates=[
            {"sku": "", "quantity_available": 1},
            {"sku": "X"},
            {"sku": "OK", "quantity_available": 2},
        ],
    )
    codes = [e["code"] for e in body["events"]]
    assert codes.count("INVALID_REQUEST") == 2


def test_facility_names_map_to_store_locations(settings: Any, engine: Any) -> None:
    store = FakeStorefront()
    ref = store.add_variant("FAC")
    tuned = settings.model_copy(
        update={
            "connector_facility_locations": '{"WH-EAST": "gid://shopify/Location/2", "WH-WEST": "gid://shopify/Location/2"}'
        }
    )
    with TestClient(create_app(tuned, engine=engine, storefront_factory=lambda _s: store)) as client:
        update = {
            "sku": "FAC",
            "quantity_available": 9,
            "quantity_detail": [
                {"facility_name": "WH-EAST", "available_quantity": 3},
                {"facility_name": "WH-WEST", "available_quantity": 4},
                {"facility_name": "UNMAPPED", "available_quantity": 2},
            ],
        }
        action_poster(client)("inventory_push", inventory_updates=[update])
        _flush(client)
    # Mapped facilities add up at their location; the configured default location is untouched.
    assert store.inventory[(ref.inventory_item_id, "gid://shopify/Location/2")] == 7
    assert store.inventory[(ref.inventory_item_id, LOCATION)] == 0
