"""The sandbox holds order writes to Shopify's rules: captures, holds, locations, duplicates, data access."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from storefront_clients.sandbox import Store
from storefront_clients.sandbox.order_models import Order
from tests.support.gql import Gql


def _order(store: Store, name: str) -> Order:
    return next(o for o in store.orders.values() if o.name == name)


def _gid(kind: str, num: int) -> str:
    return f"gid://shopify/{kind}/{num}"


CAPTURE = """mutation($input: OrderCaptureInput!) { orderCapture(input: $input) {
  transaction { id kind amountSet { presentmentMoney { amount } } } userErrors { field message } } }"""
AUTHS = """query($id: ID!) { order(id: $id) { transactions(first: 20) {
  id kind multiCapturable totalUnsettledSet { presentmentMoney { amount } } } } }"""


async def _auth(gql: Gql, order: Order) -> dict[str, Any]:
    txns = (await gql.data(AUTHS, {"id": _gid("Order", order.id)}))["order"]["transactions"]
    return next(t for t in txns if t["kind"] == "AUTHORIZATION")


async def _capture(gql: Gql, order: Order, auth: dict[str, Any], amount: Decimal) -> dict[str, Any]:
    variables = {
        "input": {
            "id": _gid("Order", order.id),
            "parentTransactionId": auth["id"],
            "amount": str(amount),
            "finalCapture": False,
        }
    }
    result: dict[str, Any] = (await gql.data(CAPTURE, variables))["orderCapture"]
    return result


async def test_a_partial_capture_consumes_a_single_capture_authorization(gql: Gql, store: Store) -> None:
    order = _order(store, "#1004")
    auth = await _auth(gql, order)
    assert auth["multiCapturable"] is False
    whole = Decimal(auth["totalUnsettledSet"]["presentmentMoney"]["amount"])
    assert (await _capture(gql, order, auth, whole / 2))["userErrors"] == []
    after = await _auth(gql, order)
    assert Decimal(after["totalUnsettledSet"]["presentmentMoney"]["amount"]) == 0
    refused = await _capture(gql, order, auth, Decimal("1.00"))
    assert refused["transaction"] is None
    assert refused["userErrors"]


async def test_a_plus_shop_authorization_is_captured_in_parts(gql: Gql, store: Store) -> None:
    order = _order(store, "#1019")
    auth = await _auth(gql, order)
    assert auth["multiCapturable"] is True
    whole = Decimal(auth["totalUnsettledSet"]["presentmentMoney"]["amount"])
    half = (whole / 2).quantize(Decimal("0.01"))
    assert (await _capture(gql, order, auth, half))["userErrors"] == []
    after = await _auth(gql, order)
    assert Decimal(after["totalUnsettledSet"]["presentmentMoney"]["amount"]) == whole - half


FOS = """query($id: ID!) { order(id: $id) {
  fulfillments(first: 20) { id }
  transactions(first: 50) { id }
  fulfillmentOrders(first: 10) { nodes { id status fulfillAt supportedActions { action }
    fulfillmentHolds { reason reasonNotes displayReason heldByRequestingApp }
    assignedLocation { location { id isFulfillmentService } }
    lineItems(first: 10) { nodes { id remainingQuantity } } } } } }"""


async def _read(gql: Gql, store: Store, name: str) -> dict[str, Any]:
    result: dict[str, Any] = (await gql.data(FOS, {"id": _gid("Order", _order(store, name).id)}))["order"]
    return result


async def test_seeded_orders_carry_the_shapes_a_real_store_has(gql: Gql, store: Store) -> None:
    two = (await _read(gql, store, "#1012"))["fulfillmentOrders"]["nodes"]
    assert len({fo["assignedLocation"]["location"]["id"] for fo in two}) == 2
    fraud = (await _read(gql, store, "#1013"))["fulfillmentOrders"]["nodes"][0]
    assert fraud["status"] == "ON_HOLD"
    assert fraud["fulfillmentHolds"][0]["reason"] == "HIGH_RISK_OF_FRAUD"
    assert fraud["fulfillmentHolds"][0]["heldByRequestingApp"] is False
    assert [a["action"] for a in fraud["supportedActions"]] == ["RELEASE_HOLD", "HOLD", "MOVE"]
    unpaid = (await _read(gql, store, "#1014"))["fulfillmentOrders"]["nodes"][0]
    assert unpaid["fulfillmentHolds"][0]["reason"] == "AWAITING_PAYMENT"
    later = (await _read(gql, store, "#1015"))["fulfillmentOrders"]["nodes"][0]
    assert later["status"] == "SCHEDULED"
    assert later["fulfillAt"]
    service = (await _read(gql, store, "#1016"))["fulfillmentOrders"]["nodes"]
    assert [fo["assignedLocation"]["location"]["isFulfillmentService"] for fo in service] == [False, True]
    assert "CREATE_FULFILLMENT" not in [a["action"] for a in service[1]["supportedActions"]]
    assert len((await _read(gql, store, "#1017"))["fulfillments"]) > 5
    assert len((await _read(gql, store, "#1018"))["transactions"]) > 10


CREATE = """mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
  fulfillment { id } userErrors { field message } } }"""


def _all_lines(fos: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": fo["id"],
                "fulfillmentOrderLineItems": [
                    {"id": li["id"], "quantity": li["remainingQuantity"]} for li in fo["lineItems"]["nodes"]
                ],
            }
            for fo in fos
        ]
    }


async def test_fulfillment_create_refuses_mixed_locations_and_held_orders(gql: Gql, store: Store) -> None:
    two = (await _read(gql, store, "#1012"))["fulfillmentOrders"]["nodes"]
    mixed = (await gql.data(CREATE, {"f": _all_lines(two)}))["fulfillmentCreate"]
    assert mixed["fulfillment"] is None
    assert mixed["userErrors"][0]["message"].startswith(
        "All fulfillment orders must be assigned to a single location. Multiple locations with ids ["
    )
    for name in ("#1013", "#1015"):
        held = (await _read(gql, store, name))["fulfillmentOrders"]["nodes"]
        refused = (await gql.data(CREATE, {"f": _all_lines(held)}))["fulfillmentCreate"]
        assert refused["userErrors"][0]["message"] == "Cannot create fulfillment for the fulfillment order."
    service = (await _read(gql, store, "#1016"))["fulfillmentOrders"]["nodes"]
    refused = (await gql.data(CREATE, {"f": _all_lines(service[1:])}))["fulfillmentCreate"]
    assert refused["userErrors"][0]["message"] == "Cannot create fulfillment for the fulfillment order."
    one = (await gql.data(CREATE, {"f": _all_lines(two[:1])}))["fulfillmentCreate"]
    assert one["userErrors"] == []
    assert one["fulfillment"]["id"]


BEGIN = """mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } userErrors { message } } }"""
ADD = """mutation($id: ID!, $v: ID!, $dup: Boolean) {
  orderEditAddVariant(id: $id, variantId: $v, quantity: 1, allowDuplicates: $dup) {
    calculatedLineItem { id } userErrors { field message } } }"""


async def test_add_variant_refuses_a_variant_already_on_the_order(gql: Gql, store: Store) -> None:
    order = _order(store, "#1001")
    variant = next(li.variant_id for li in order.line_items if li.variant_id)
    assert variant is not None
    session = (await gql.data(BEGIN, {"id": _gid("Order", order.id)}))["orderEditBegin"]["calculatedOrder"][
        "id"
    ]
    refused = await gql.data(ADD, {"id": session, "v": _gid("ProductVariant", variant), "dup": False})
    message = refused["orderEditAddVariant"]["userErrors"][0]["message"]
    assert message.endswith("was not added because it's already on the order.")
    allowed = await gql.data(ADD, {"id": session, "v": _gid("ProductVariant", variant), "dup": True})
    assert allowed["orderEditAddVariant"]["userErrors"] == []


REFUND = """mutation($input: RefundInput!) {
  refundCreate(input: $input) { refund { id } userErrors { message } } }"""


async def test_refund_create_without_an_idempotency_key_is_refused(gql: Gql, store: Store) -> None:
    order = _order(store, "#1002")
    body = await gql(REFUND, {"input": {"orderId": _gid("Order", order.id), "note": "no key"}})
    assert body["errors"][0]["message"].startswith("The @idempotent directive is required")
    assert order.refunds == []


PROTECTED = """query($id: ID!) { order(id: $id) { id name email
  shippingAddress { city } customer { firstName } lineItems(first: 5) { nodes { sku } } } }"""


async def test_denied_protected_customer_data_comes_back_null_beside_the_data(
    gql: Gql, store: Store, client: httpx.AsyncClient
) -> None:
    order = _order(store, "#1001")
    assert (await client.post("/_sandbox/config", json={"deny_protected_customer_data": True})).is_success
    body = await gql(PROTECTED, {"id": _gid("Order", order.id)})
    assert body["data"]["order"]["name"] == "#1001"
    assert body["data"]["order"]["lineItems"]["nodes"]
    assert body["data"]["order"]["email"] is None
    assert body["data"]["order"]["shippingAddress"] is None
    denied = {tuple(e["path"]) for e in body["errors"]}
    assert denied == {("order", "email"), ("order", "shippingAddress"), ("order", "customer")}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"ACCESS_DENIED"}
    await client.post("/_sandbox/config", json={"deny_protected_customer_data": False})
    assert "errors" not in await gql(PROTECTED, {"id": _gid("Order", order.id)})
