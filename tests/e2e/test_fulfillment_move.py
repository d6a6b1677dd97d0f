"""A package whose lines sit at another location ships from its facility's location, end to end over HTTP.

With every RetailOps facility mapped to one Shopify location (CONNECTOR_FACILITY_LOCATIONS), the
connector moves the package's lines there with fulfillmentOrderMove (all of a fulfillment order,
or some: a split) and ships one fulfillment; a move that lost its answer is not repeated; holds and
fulfillment services are never moved around.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from connector.settings import Settings
from tests.e2e.test_order_paths import package
from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin as Admin
from tests.support.sandbox import SandboxServer


@pytest.fixture
def e2e_settings(e2e_settings: Settings, sandbox: SandboxServer) -> Settings:
    """Both RetailOps facilities ship from the primary location; a short store timeout for retries."""
    primary = f"gid://shopify/Location/{sandbox.store.primary_location.id}"
    return e2e_settings.model_copy(
        update={
            "connector_facility_locations": json.dumps({"WH-MAIN": primary, "WH-OVERFLOW": primary}),
            "shopify_timeout_seconds": 3.0,
            "connector_write_budget_seconds": 12.0,
        }
    )


def numeric(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def ship(ro: Call, order: dict[str, Any], pid: int, items: list[tuple[str, int]]) -> dict[str, Any]:
    shipment = {"retailops_shipment_id": pid, "packages": [package(pid, *items)]}
    return ro("order_shipment_submit", channel_order_refnum=numeric(order["id"]), shipment=shipment)


def two_locations(admin: Admin, quantity: int = 2) -> dict[str, Any]:
    return admin.add_order(
        {
            "lines": [{"sku": "SBX-00001-S", "quantity": 1}, {"sku": "SBX-00002-M", "quantity": quantity}],
            "fulfillment_orders": [{"skus": ["SBX-00002-M"], "location": "secondary"}],
        }
    )


def items_of(order: dict[str, Any], **quantities: int) -> list[tuple[str, int]]:
    return [(numeric(li["id"]), quantities.get(li["sku"], li["quantity"])) for li in order["lines"]]


def test_a_package_over_two_locations_ships_once_from_the_facility_location(ro: Call, admin: Admin) -> None:
    order = two_locations(admin)
    primary = admin.primary_location()
    assert ship(ro, order, 1, items_of(order))["events"] == []
    state = admin.orders_by_name()[order["name"]]
    assert [(f["location_id"], len(f["lines"])) for f in state["fulfillments"]] == [(primary, 2)]
    # The whole fulfillment order moved (nothing of it was fulfilled): every one is now at primary.
    assert {fo["location_id"] for fo in state["fulfillment_orders"]} == {primary}
    assert state["fulfillment_status"] == "FULFILLED"


def test_moving_some_units_splits_the_fulfillment_order(ro: Call, admin: Admin) -> None:
    order = two_locations(admin, quantity=3)
    primary = admin.primary_location()
    assert ship(ro, order, 2, items_of(order, **{"SBX-00002-M": 1}))["events"] == []
    state = admin.orders_by_name()[order["name"]]
    assert [(f["location_id"], sorted(x["quantity"] for x in f["lines"])) for f in state["fulfillments"]] == [
        (primary, [1, 1])
    ]
    left = [(fo["location_id"], [x["remaining"] for x in fo["lines"]]) for fo in state["fulfillment_orders"]]
    assert [(loc, rem) for loc, rem in left if loc != primary] == [(left[1][0], [2])]


def test_a_move_that_lost_its_answer_is_not_repeated(ro: Call, admin: Admin) -> None:
    order = two_locations(admin)
    admin.set_faults([{"kind": "applied_then_500", "match": "fulfillmentOrderMove", "count": 1}])
    assert ship(ro, order, 3, items_of(order))["events"] == []
    moves = [c for c in admin.calls() if "fulfillmentOrderMove" in (c.get("root_fields") or [])]
    assert len(moves) == 1
    state = admin.orders_by_name()[order["name"]]
    assert [len(f["lines"]) for f in state["fulfillments"]] == [2]


def test_a_fulfillment_service_line_is_not_moved(ro: Call, admin: Admin) -> None:
    body = ship(ro, {"id": admin.order("#1016")["id"]}, 4, [(admin.line_ref("#1016", "SBX-00002-M"), 2)])
    assert [e["code"] for e in body["events"]] == ["FULFILLMENT_SERVICE"]
    assert admin.order("#1016")["fulfillments"] == []
