"""The sandbox's fulfillmentOrderMove follows the captures: a whole move, a split, and the refusals."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox import Store
from storefront_clients.sandbox.order_models import FulfillmentOrder, Order
from tests.support.gql import Gql

MOVE = """mutation($id: ID!, $to: ID!, $lines: [FulfillmentOrderLineItemInput!]) {
  fulfillmentOrderMove(id: $id, newLocationId: $to, fulfillmentOrderLineItems: $lines) {
    movedFulfillmentOrder { id status assignedLocation { location { id } }
      lineItems(first: 5) { nodes { id totalQuantity remainingQuantity } } }
    originalFulfillmentOrder { id status assignedLocation { location { id } }
      lineItems(first: 5) { nodes { id totalQuantity remainingQuantity } } }
    userErrors { field message code }
  }
}"""


def _order(store: Store, name: str) -> Order:
    return next(o for o in store.orders.values() if o.name == name)


def _gid(kind: str, num: int) -> str:
    return f"gid://shopify/{kind}/{num}"


def _secondary(store: Store) -> FulfillmentOrder:
    order = _order(store, "#1012")  # one line at the secondary location
    return next(f for f in order.fulfillment_orders if f.location_id != store.primary_location.id)


async def _move(gql: Gql, fo_id: int, to: str, lines: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = (
        await gql.data(MOVE, {"id": _gid("FulfillmentOrder", fo_id), "to": to, "lines": lines})
    )["fulfillmentOrderMove"]
    return result


async def test_moving_a_whole_untouched_fulfillment_order_reassigns_it(gql: Gql, store: Store) -> None:
    fo = _secondary(store)
    primary = _gid("Location", store.primary_location.id)
    result = await _move(gql, fo.id, primary)
    assert result["userErrors"] == []
    assert (
        result["movedFulfillmentOrder"]["id"]
        == result["originalFulfillmentOrder"]["id"]
        == _gid("FulfillmentOrder", fo.id)
    )
    assert result["movedFulfillmentOrder"]["assignedLocation"]["location"]["id"] == primary


async def test_moving_some_units_splits_into_a_new_fulfillment_order(gql: Gql, store: Store) -> None:
    fo = _secondary(store)
    line = fo.lines[0]
    assert line.remaining_quantity == 2
    primary = _gid("Location", store.primary_location.id)
    result = await _move(
        gql, fo.id, primary, [{"id": _gid("FulfillmentOrderLineItem", line.id), "quantity": 1}]
    )
    assert result["userErrors"] == []
    moved, original = result["movedFulfillmentOrder"], result["originalFulfillmentOrder"]
    assert moved["id"] != original["id"]
    assert moved["assignedLocation"]["location"]["id"] == primary
    assert [(n["totalQuantity"], n["remainingQuantity"]) for n in moved["lineItems"]["nodes"]] == [(1, 1)]
    assert original["assignedLocation"]["location"]["id"] != primary
    assert [(n["totalQuantity"], n["remainingQuantity"]) for n in original["lineItems"]["nodes"]] == [(1, 1)]


async def test_a_closed_fulfillment_order_cannot_change_location(gql: Gql, store: Store) -> None:
    closed = next(fo for o in store.orders.values() for fo in o.fulfillment_orders if fo.status == "CLOSED")
    result = await _move(gql, closed.id, _gid("Location", store.primary_location.id))
    assert result["movedFulfillmentOrder"] is None
    assert result["userErrors"] == [{"field": None, "message": "Cannot change location.", "code": None}]


async def test_an_unknown_location_is_not_found(gql: Gql, store: Store) -> None:
    fo = _secondary(store)
    result = await _move(gql, fo.id, "gid://shopify/Location/999999999")
    assert result["userErrors"] == [{"field": ["id"], "message": "Location not found.", "code": None}]
