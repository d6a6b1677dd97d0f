"""order_shipment_submit against the in-memory storefront: idempotent packages, item errors."""

from __future__ import annotations

from typing import Any

from tests.support.calls import Call
from tests.support.fakes.orders import line, one_package, order
from tests.support.fakes.storefront import FakeStorefront


def test_shipment_is_idempotent_per_package_and_new_tracking_updates(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 3)))
    shipment: dict[str, Any] = {
        "retailops_shipment_id": 9,
        "packages": [
            {
                "retailops_package_id": 1,
                "carrier_name": "ups",
                "tracking_number": "1Z999",
                "package_items": [{"channel_item_refnum": "11", "quantity": 2, "sku": "A"}],
            }
        ],
    }
    first = call("order_shipment_submit", channel_order_refnum="1", shipment=shipment)
    assert first["events"] == []
    placed = storefront.orders["gid://shopify/Order/1"]
    assert placed.lines[0].unfulfilled_quantity == 1
    assert placed.fulfillments[0].tracking[0].company == "UPS"
    again = call("order_shipment_submit", channel_order_refnum="1", shipment=shipment)
    assert [e["code"] for e in again["events"]] == ["DUPLICATE"]
    assert len(storefront.orders["gid://shopify/Order/1"].fulfillments) == 1
    shipment["packages"][0]["tracking_number"] = "1Z000"
    call("order_shipment_submit", channel_order_refnum="1", shipment=shipment)
    after = storefront.orders["gid://shopify/Order/1"]
    assert len(after.fulfillments) == 1
    assert after.fulfillments[0].tracking[0].number == "1Z000"


def test_over_quantity_package_is_an_error_event(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A", 1)))
    body = call("order_shipment_submit", channel_order_refnum="1", shipment=one_package("T1", ("11", 5)))
    assert body["events"][0]["event_type"] == "error"
    assert "more than remain" in body["events"][0]["message"]
    assert storefront.orders["gid://shopify/Order/1"].fulfillments == ()


def test_unknown_line_in_a_package_is_an_item_error_and_the_rest_ships(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 1)))
    shipment = one_package("T9", ("11", 1), ("999", 1))
    body = call("order_shipment_submit", channel_order_refnum="1", shipment=shipment)
    assert [(e["code"], e["associations"]) for e in body["events"]] == [
        ("UNKNOWN_ORDER_ITEM", [{"identifier_type": "orderitem_refnum", "identifier": "999"}])
    ]
    assert storefront.orders["gid://shopify/Order/1"].lines[0].unfulfilled_quantity == 0
