"""Order mutations: state changes visible in later reads, and Shopify's userErrors."""

from __future__ import annotations

from typing import Any

import httpx

from storefront_clients.sandbox import Store
from storefront_clients.sandbox.money import fmt_amount
from storefront_clients.sandbox.order_models import Order
from tests.support.gql import Gql


def _order(store: Store, name: str) -> Order:
    return next(o for o in store.orders.values() if o.name == name)


def _gid(order: Order) -> str:
    return f"gid://shopify/Order/{order.id}"


async def test_tags_add_and_unknown_id(gql: Gql, store: Store) -> None:
    order = _order(store, "#1002")
    q = """mutation($id: ID!) { tagsAdd(id: $id, tags: ["imported", "ro-1"]) { node { ... on Order
        { tags } } userErrors { message } } }"""
    data = await gql.data(q, {"id": _gid(order)})
    assert data["tagsAdd"]["node"]["tags"] == ["imported", "ro-1"]
    body = await gql(q, {"id": "gid://shopify/Order/1"})
    assert body["errors"][0]["message"] == "invalid id"
    assert body["errors"][0]["extensions"]["code"] == "RESOURCE_NOT_FOUND"


CANCEL = """mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true, refund: true) {
  job { id done } orderCancelUserErrors { field message code } userErrors { field message } } }"""


async def test_order_cancel_job_and_fulfilled_refusal(
    gql: Gql, store: Store, client: httpx.AsyncClient
) -> None:
    order = _order(store, "#1001")
    result = (await gql.data(CANCEL, {"id": _gid(order)}))["orderCancel"]
    assert result["orderCancelUserErrors"] == []
    assert result["job"]["done"] is False
    job = await gql.data("query($id: ID!) { job(id: $id) { id done } }", {"id": result["job"]["id"]})
    assert job["job"]["done"] is True
    state = (await client.get("/_sandbox/state/orders", params={"name": "#1001"})).json()["orders"][0]
    assert state["cancelled"]
    assert state["financial_status"] == "REFUNDED"
    shipped = (await gql.data(CANCEL, {"id": _gid(_order(store, "#1006"))}))["orderCancel"]
    assert shipped["job"] is None
    assert shipped["orderCancelUserErrors"] == [
        {
            "field": ["orderId"],
            "message": "Cannot cancel an order that has outstanding fulfillments",
            "code": "INVALID",
        }
    ]


async def test_cancel_releases_committed_stock(gql: Gql, store: Store) -> None:
    order = _order(store, "#1004")
    line = order.line_items[0]
    variant = store.variants[line.variant_id or 0]
    level = store.items[variant.inventory_item_id].levels[store.primary_location.id]
    before = (level.available, level.committed)
    await gql.data(CANCEL, {"id": _gid(order)})
    assert (level.available, level.committed) == (before[0] + line.quantity, before[1] - line.quantity)
    txns = [(t.kind, t.status) for t in order.transactions]
    assert ("VOID", "SUCCESS") in txns  # the authorization was voided, not refunded


FULFIL = """mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
  fulfillment { id status trackingInfo { company number url } fulfillmentLineItems(first: 5) {
      nodes { quantity } } }
  userErrors { field message } } }"""


def _fo_input(order: Order, qty: int, tracking: dict[str, Any] | None = None) -> dict[str, Any]:
    fo = order.fulfillment_orders[0]
    fol = fo.lines[0]
    return {
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": f"gid://shopify/FulfillmentOrder/{fo.id}",
                "fulfillmentOrderLineItems": [
                    {"id": f"gid://shopify/FulfillmentOrderLineItem/{fol.id}", "quantity": qty}
                ],
            }
        ],
        "trackingInfo": tracking or {"company": "UPS", "number": "1ZTEST"},
    }


async def test_fulfillment_create_and_tracking_update(gql: Gql, store: Store) -> None:
    order = _order(store, "#1002")
    created = (await gql.data(FULFIL, {"f": _fo_input(order, 1)}))["fulfillmentCreate"]
    assert created["userErrors"] == []
    assert created["fulfillment"]["trackingInfo"][0]["number"] == "1ZTEST"
    assert order.fulfillment_orders[0].lines[0].remaining_quantity == 2
    over = (await gql.data(FULFIL, {"f": _fo_input(order, 5)}))["fulfillmentCreate"]
    assert over["userErrors"] == [
        {"field": ["fulfillment"], "message": "Invalid fulfillment order line item quantity requested."}
    ]
    update = """mutation($id: ID!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id,
        trackingInfoInput: {company: "FedEx", number: "999"}) {
        fulfillment { trackingInfo { company number } } userErrors { message } } }"""
    updated = await gql.data(update, {"id": created["fulfillment"]["id"]})
    assert updated["fulfillmentTrackingInfoUpdate"]["fulfillment"]["trackingInfo"] == [
        {"company": "FedEx", "number": "999"}
    ]
    read = await gql.data(
        "query($id: ID!) { order(id: $id) { displayFulfillmentStatus } }", {"id": _gid(order)}
    )
    assert read["order"]["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"


async def test_close_capture_and_mark_as_paid(gql: Gql, store: Store) -> None:
    close = "mutation($id: ID!) { orderClose(input: {id: $id}) { order { closed } userErrors { message } } }"
    assert (await gql.data(close, {"id": _gid(_order(store, "#1003"))}))["orderClose"]["order"][
        "closed"
    ] is True
    auth_order = _order(store, "#1004")
    auth = auth_order.transactions[0]
    capture = """mutation($i: OrderCaptureInput!) { orderCapture(input: $i) {
        transaction { kind status amountSet { shopMoney { amount } } parentTransaction { id } }
            userErrors { field message } } }"""
    base = {
        "id": _gid(auth_order),
        "parentTransactionId": f"gid://shopify/OrderTransaction/{auth.id}",
        "currency": "USD",
    }
    too_much = (await gql.data(capture, {"i": {**base, "amount": str(auth.amount + 1)}}))["orderCapture"]
    assert too_much["transaction"] is None
    assert too_much["userErrors"][0]["field"] == ["amount"]
    done = (await gql.data(capture, {"i": {**base, "amount": str(auth.amount)}}))["orderCapture"]
    assert done["transaction"]["kind"] == "CAPTURE"
    assert done["userErrors"] == []
    status = "query($id: ID!) { order(id: $id) { displayFinancialStatus capturable } }"
    assert (await gql.data(status, {"id": _gid(auth_order)}))["order"] == {
        "displayFinancialStatus": "PAID",
        "capturable": False,
    }
    paid = """mutation($id: ID!) { orderMarkAsPaid(input: {id: $id}) { order { displayFinancialStatus
        } userErrors { field message } } }"""
    manual = (await gql.data(paid, {"id": _gid(_order(store, "#1005"))}))["orderMarkAsPaid"]
    assert manual == {"order": {"displayFinancialStatus": "PAID"}, "userErrors": []}
    again = (await gql.data(paid, {"id": _gid(_order(store, "#1005"))}))["orderMarkAsPaid"]
    assert again["userErrors"] == [{"field": ["id"], "message": "Order cannot be marked as paid."}]


REFUND = """mutation($input: RefundInput!, $key: String!) { refundCreate(input: $input)
    @idempotent(key: $key) {
  refund { id totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes {
      quantity restockType } } }
  order { displayFinancialStatus } userErrors { field message } } }"""


async def test_refund_create_idempotent_with_restock_and_errors(gql: Gql, store: Store) -> None:
    order = _order(store, "#1007")  # fully fulfilled, paid
    line = order.line_items[0]
    sale = order.transactions[0]
    suggested = await gql.data(
        """query($id: ID!, $li: [RefundLineItemInput!]) { order(id: $id) {
            suggestedRefund(refundLineItems: $li) {
            amountSet { shopMoney { amount } } suggestedTransactions { gateway parentTransaction {
                id } } } } }""",
        {"id": _gid(order), "li": [{"lineItemId": f"gid://shopify/LineItem/{line.id}", "quantity": 1}]},
    )
    amount = suggested["order"]["suggestedRefund"]["amountSet"]["shopMoney"]["amount"]
    assert amount == fmt_amount(line.unit_price)
    refund_input: dict[str, Any] = {
        "orderId": _gid(order),
        "note": "return",
        "refundLineItems": [
            {
                "lineItemId": f"gid://shopify/LineItem/{line.id}",
                "quantity": 1,
                "restockType": "RETURN",
                "locationId": f"gid://shopify/Location/{store.primary_location.id}",
            }
        ],
        "transactions": [
            {
                "orderId": _gid(order),
                "parentId": f"gid://shopify/OrderTransaction/{sale.id}",
                "amount": amount,
                "gateway": sale.gateway,
                "kind": "REFUND",
            }
        ],
    }
    first = (await gql.data(REFUND, {"input": refund_input, "key": "ret-1"}))["refundCreate"]
    assert first["userErrors"] == []
    assert first["order"]["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    again = (await gql.data(REFUND, {"input": refund_input, "key": "ret-1"}))["refundCreate"]
    assert again["refund"]["id"] == first["refund"]["id"]
    assert len(order.refunds) == 1
    too_many = {
        **refund_input,
        "refundLineItems": [{"lineItemId": f"gid://shopify/LineItem/{line.id}", "quantity": 9}],
        "transactions": [],
    }
    errors = (await gql.data(REFUND, {"input": too_many, "key": "ret-2"}))["refundCreate"]["userErrors"]
    assert errors == [
        {
            "field": ["refundLineItems", "0", "quantity"],
            "message": "Quantity cannot refund more items than were purchased",
        }
    ]
    greedy = {
        **refund_input,
        "refundLineItems": [],
        "transactions": [{**refund_input["transactions"][0], "amount": "999.00"}],
    }
    errors = (await gql.data(REFUND, {"input": greedy, "key": "ret-3"}))["refundCreate"]["userErrors"]
    assert errors[0]["message"].startswith("Refund amount $999.0 is greater than net payment received $")


async def test_refund_requires_idempotent_directive(gql: Gql, store: Store) -> None:
    body = await gql(
        "mutation($i: RefundInput!) { refundCreate(input: $i) { userErrors { message } } }",
        {"i": {"orderId": _gid(_order(store, "#1001"))}},
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


EDIT_BEGIN = (
    """""mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id lineItems(first: 10)
    { nodes { id sku quantity editableQuantity } } } userErrors { field message } } }"""
    ""
)
SET_QTY = """mutation($id: ID!, $li: ID!, $q: Int!) { orderEditSetQuantity(id: $id, lineItemId:
    $li, quantity: $q, restock: true) {
  calculatedLineItem { quantity } userErrors { field message } } }"""
ADD = (
    """""mutation($id: ID!, $v: ID!) { orderEditAddVariant(id: $id, variantId: $v, quantity: 2) {
    calculatedLineItem { sku quantity } userErrors { field message } } }"""
    ""
)
COMMIT = (
    """""mutation($id: ID!) { orderEditCommit(id: $id) { order { lineItems(first: 10) { nodes {
    sku quantity currentQuantity } } } userErrors { field message } } }"""
    ""
)


async def test_order_edit_flow(gql: Gql, store: Store) -> None:
    order = _order(store, "#1006")  # SBX-00004-M x4 (2 shipped) + SBX-00002-S x1
    calc = (await gql.data(EDIT_BEGIN, {"id": _gid(order)}))["orderEditBegin"]["calculatedOrder"]
    lines = {n["sku"]: n for n in calc["lineItems"]["nodes"]}
    assert lines["SBX-00004-M"]["editableQuantity"] == 2
    below = (await gql.data(SET_QTY, {"id": calc["id"], "li": lines["SBX-00004-M"]["id"], "q": 1}))[
        "orderEditSetQuantity"
    ]
    assert below["userErrors"][0]["field"] == ["quantity"]
    negative = (await gql.data(SET_QTY, {"id": calc["id"], "li": lines["SBX-00004-M"]["id"], "q": -1}))[
        "orderEditSetQuantity"
    ]
    assert negative["userErrors"] == [
        {"field": ["quantity"], "message": "must be greater than or equal to 0"}
    ]
    ok = (await gql.data(SET_QTY, {"id": calc["id"], "li": lines["SBX-00004-M"]["id"], "q": 3}))[
        "orderEditSetQuantity"
    ]
    assert ok == {"calculatedLineItem": {"quantity": 3}, "userErrors": []}
    variant = store.variant_by_sku("SBX-00008-L")[0]
    added = (await gql.data(ADD, {"id": calc["id"], "v": f"gid://shopify/ProductVariant/{variant.id}"}))[
        "orderEditAddVariant"
    ]
    assert added["calculatedLineItem"] == {"sku": "SBX-00008-L", "quantity": 2}
    committed = (await gql.data(COMMIT, {"id": calc["id"]}))["orderEditCommit"]
    after = {n["sku"]: n["currentQuantity"] for n in committed["order"]["lineItems"]["nodes"]}
    assert after == {"SBX-00004-M": 3, "SBX-00002-S": 1, "SBX-00008-L": 2}
    remaining = sorted(fol.remaining_quantity for fo in order.fulfillment_orders for fol in fo.lines)
    assert remaining == [1, 1, 2]
    stale = (await gql.data(COMMIT, {"id": calc["id"]}))["orderEditCommit"]
    assert stale["userErrors"][0]["message"] == "The calculated order does not exist."
