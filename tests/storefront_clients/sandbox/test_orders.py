"""Order reads: search filters, sorting, pagination and the fields the connector maps."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox import Store
from tests.support.gql import Gql

NAMES = "query($q: String, $after: String) { orders(first: 50, query: $q, after: $after) { nodes { name } } }"


async def _names(gql: Gql, query: str | None) -> list[str]:
    """Matching order names, sorted (the default sort key is PROCESSED_AT)."""
    data = await gql.data(NAMES, {"q": query})
    return sorted(n["name"] for n in data["orders"]["nodes"])


async def test_search_filters(gql: Gql) -> None:
    assert await _names(gql, "status:cancelled") == ["#1008"]
    assert await _names(gql, "status:closed") == ["#1007", "#1008"]
    assert "#1008" not in await _names(gql, "status:open")
    assert await _names(gql, "financial_status:authorized") == ["#1004", "#1019"]
    assert await _names(gql, "financial_status:pending AND -status:cancelled") == ["#1005", "#1014"]
    assert await _names(gql, "fulfillment_status:partial") == ["#1006", "#1017"]
    assert await _names(gql, "fulfillment_status:shipped") == ["#1007"]
    assert await _names(gql, "tag:wholesale") == ["#1001"]
    assert "#1001" not in await _names(gql, "-tag:wholesale")
    assert await _names(gql, "name:#1003 OR name:1002") == ["#1002", "#1003"]
    assert await _names(gql, "updated_at:>'2099-01-01T00:00:00Z'") == []
    assert len(await _names(gql, "created_at:>2026-10-01 AND status:any")) == 19


async def test_id_filter_and_node(gql: Gql, store: Store) -> None:
    order = next(o for o in store.orders.values() if o.name == "#1002")
    assert await _names(gql, f"id:{order.id}") == ["#1002"]
    data = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Order { name } } }",
        {"ids": [f"gid://shopify/Order/{order.id}"]},
    )
    assert data["nodes"] == [{"name": "#1002"}]


async def test_pagination_updated_at_sort_reverse(gql: Gql) -> None:
    query = """query($after: String) { orders(first: 4, after: $after, sortKey: UPDATED_AT, reverse: true) {
        nodes { name updatedAt } pageInfo { hasNextPage endCursor } } }"""
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data(query, {"after": after}))["orders"]
        seen += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 19
    assert len({n["name"] for n in seen}) == 19
    stamps = [n["updatedAt"] for n in seen]
    assert stamps == sorted(stamps, reverse=True)


ORDER = """query($q: String) { orders(first: 1, query: $q) { nodes {
  id legacyResourceId name currencyCode presentmentCurrencyCode displayFinancialStatus
      displayFulfillmentStatus
  customer { displayName } shippingAddress { provinceCode countryCodeV2 phone } tags note clientIp
  customAttributes { key value }
  lineItems(first: 10) { nodes { sku quantity currentQuantity unfulfilledQuantity requiresShipping isGiftCard
    originalUnitPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    discountAllocations { allocatedAmountSet { shopMoney { amount } } } totalDiscountSet {
        shopMoney { amount } }
    taxLines { rate priceSet { shopMoney { amount } } } variant { id selectedOptions { name value } } } }
  shippingLines(first: 5) { nodes { title originalPriceSet { shopMoney { amount } } } }
  transactions(first: 5) { kind status gateway manualPaymentGateway amountSet { shopMoney { amount } }
    paymentDetails { ... on CardPaymentDetails { company } } totalUnsettledSet { shopMoney { amount } } }
  fulfillments(first: 5) { status trackingInfo { company number } fulfillmentLineItems(first: 5) {
      nodes { quantity } } }
  fulfillmentOrders(first: 5) { nodes { status assignedLocation { location { id } }
      lineItems(first: 5) { nodes { id remainingQuantity lineItem { id } } } } }
  totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
  totalTaxSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
      totalOutstandingSet { shopMoney { amount } }
} } }"""


async def _order(gql: Gql, name: str) -> dict[str, Any]:
    node: dict[str, Any] = (await gql.data(ORDER, {"q": f"name:{name}"}))["orders"]["nodes"][0]
    return node


async def test_paid_order_with_tax_shipping_and_attributes(gql: Gql) -> None:
    o = await _order(gql, "#1001")
    assert o["displayFinancialStatus"] == "PAID"
    assert o["displayFulfillmentStatus"] == "UNFULFILLED"
    assert o["tags"] == ["wholesale"]
    assert o["customAttributes"] == [{"key": "gift_wrap", "value": "yes"}]
    line = o["lineItems"]["nodes"][0]
    assert line["taxLines"][0]["rate"] == 0.0625
    assert isinstance(line["originalUnitPriceSet"]["shopMoney"]["amount"], str)
    assert o["shippingLines"]["nodes"][0]["originalPriceSet"]["shopMoney"]["amount"] == "7.5"
    assert o["transactions"][0]["paymentDetails"] == {"company": "Visa"}
    assert o["totalOutstandingSet"]["shopMoney"]["amount"] == "0.0"


async def test_discount_gift_card_authorized_and_manual(gql: Gql) -> None:
    discounted = await _order(gql, "#1002")
    assert discounted["totalDiscountsSet"]["shopMoney"]["amount"] == "6.0"
    assert (
        discounted["lineItems"]["nodes"][0]["discountAllocations"][0]["allocatedAmountSet"]["shopMoney"][
            "amount"
        ]
        == "6.0"
    )
    gift = await _order(gql, "#1003")
    card = gift["lineItems"]["nodes"][0]
    assert card["isGiftCard"] is True
    assert card["requiresShipping"] is False
    auth = await _order(gql, "#1004")
    txn = auth["transactions"][0]
    assert txn["kind"] == "AUTHORIZATION"
    assert txn["totalUnsettledSet"] == {"shopMoney": {"amount": auth["totalPriceSet"]["shopMoney"]["amount"]}}
    manual = await _order(gql, "#1005")
    assert manual["transactions"][0]["manualPaymentGateway"] is True
    assert manual["transactions"][0]["status"] == "PENDING"


async def test_partial_fulfilment_and_presentment_currency(gql: Gql) -> None:
    partial = await _order(gql, "#1006")
    assert partial["fulfillments"][0]["trackingInfo"][0]["number"] == "1Z999AA10123456784"
    remaining = [
        n["remainingQuantity"] for n in partial["fulfillmentOrders"]["nodes"][0]["lineItems"]["nodes"]
    ]
    assert remaining == [2, 1]
    assert partial["fulfillmentOrders"]["nodes"][0]["status"] == "IN_PROGRESS"
    euro = await _order(gql, "#1009")
    assert euro["currencyCode"] == "USD"
    assert euro["presentmentCurrencyCode"] == "EUR"
    total = euro["totalPriceSet"]
    assert total["presentmentMoney"]["currencyCode"] == "EUR"
    assert total["shopMoney"]["currencyCode"] == "USD"
    assert total["shopMoney"]["amount"] != total["presentmentMoney"]["amount"]
    unicode = await _order(gql, "#1011")
    assert unicode["customer"]["displayName"] == "小龍 李"


async def test_a_page_above_250_is_refused(gql: Gql) -> None:
    body = await gql("{ products(first: 251) { nodes { id } } }")
    assert body["errors"][0]["message"] == "The `first` argument (251) exceeds the maximum page size of 250."
    assert body["data"] is None or body["data"].get("products") is None
    assert "errors" not in await gql("{ products(first: 250) { nodes { id } } }")
    nested = await gql("{ products(first: 1) { nodes { variants(last: 300) { nodes { id } } } } }")
    assert "(300) exceeds the maximum page size of 250" in nested["errors"][0]["message"]


async def test_without_read_all_orders_only_the_last_60_days_are_visible(
    gql: Gql, store: Store, client: Any
) -> None:
    from storefront_clients.sandbox.order_builder import build_order

    with store.lock:
        sku = next(v.sku for v in store.variants.values() if v.sku)
        old = build_order(
            store, {"lines": [{"sku": sku, "quantity": 1}], "created_at": "2026-08-01T00:00:00Z"}
        )
        new = build_order(
            store, {"lines": [{"sku": sku, "quantity": 1}], "created_at": "2026-10-01T00:00:00Z"}
        )
    ids = {f"gid://shopify/Order/{o.id}" for o in (old, new)}
    query = """query($ids: [ID!]!, $old: ID!) {
      nodes(ids: $ids) { id } order(id: $old) { id } orders(first: 250) { nodes { id } } }"""
    variables = {"ids": sorted(ids), "old": f"gid://shopify/Order/{old.id}"}
    everything = await gql.data(query, variables)
    assert ids <= {o["id"] for o in everything["orders"]["nodes"]}
    assert everything["order"] == {"id": f"gid://shopify/Order/{old.id}"}
    scopes = "read_products,write_products,read_inventory,write_inventory,read_orders,write_orders"
    assert (await client.post("/_sandbox/config", json={"granted_scopes": scopes})).status_code == 200
    windowed = await gql.data(query, variables)  # the store's clock: 2026-11-01
    listed = {o["id"] for o in windowed["orders"]["nodes"]}
    assert f"gid://shopify/Order/{new.id}" in listed
    assert f"gid://shopify/Order/{old.id}" not in listed
    assert windowed["order"] is None
    assert [n and n["id"] for n in windowed["nodes"]] == [
        f"gid://shopify/Order/{new.id}" if i == f"gid://shopify/Order/{new.id}" else None for i in sorted(ids)
    ]
