"""Order reads of ShopifyClient against a scripted shop: search, paging, sizing, lookups."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from storefront_clients.base import (
    OrderQuery,
)
from storefront_clients.shopify import documents
from storefront_clients.shopify.cost import estimate_cost
from storefront_clients.shopify.ops_orders import search_query

from .fakes import OperationShop, client_for, cost_extensions


def order_node(number: int, lines: int = 1, more_lines: str | None = None) -> dict[str, Any]:
    money = {
        "presentmentMoney": {"amount": "10.00", "currencyCode": "EUR"},
        "shopMoney": {"amount": "11.00", "currencyCode": "USD"},
    }
    return {
        "id": f"gid://shopify/Order/{number}",
        "legacyResourceId": str(number),
        "name": f"#{number}",
        "createdAt": "2026-07-01T10:00:00Z",
        "updatedAt": "2026-07-02T10:00:00Z",
        "cancelledAt": None,
        "closed": False,
        "currencyCode": "USD",
        "presentmentCurrencyCode": "EUR",
        "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "UNFULFILLED",
        "tags": [],
        "currentTotalPriceSet": money,
        "lineItems": {
            "nodes": [
                {
                    "id": f"gid://shopify/LineItem/{number}{i}",
                    "title": "T",
                    "quantity": 1,
                    "currentQuantity": 1,
                    "unfulfilledQuantity": 1,
                    "sku": f"S{i}",
                    "originalUnitPriceSet": money,
                    "totalDiscountSet": money,
                    "taxLines": [],
                }
                for i in range(lines)
            ],
            "pageInfo": {"hasNextPage": more_lines is not None, "endCursor": more_lines},
        },
    }


def orders_page(nodes: list[dict[str, Any]], cursor: str | None) -> dict[str, Any]:
    return {"orders": {"nodes": nodes, "pageInfo": {"hasNextPage": cursor is not None, "endCursor": cursor}}}


def test_search_query_from_order_query() -> None:
    query = OrderQuery(
        updated_since=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        financial_statuses=("PAID", "AUTHORIZED"),
        fulfillment_statuses=("UNFULFILLED",),
        without_tag="retailops imported",
    )
    assert search_query(query) == (
        "updated_at:>='2026-07-01T12:00:00Z' AND status:open AND -status:cancelled AND "
        "(financial_status:paid OR financial_status:authorized) AND fulfillment_status:unfulfilled "
        "AND -tag:'retailops imported'"
    )
    assert search_query(OrderQuery(open_only=False, include_cancelled=True, with_tag="x")) == "tag:x"


async def test_list_orders_page_oldest_first_with_cursor() -> None:
    shop = OperationShop(OrdersPage=lambda v: orders_page([order_node(1), order_node(2)], "c2"))
    page = await client_for(shop).list_orders(OrderQuery(), cursor="c1", limit=2)
    assert [o.name for o in page.orders] == ["#1", "#2"]
    assert page.next_cursor == "c2"
    ((_, variables),) = shop.calls
    assert variables["first"] == 2
    assert variables["after"] == "c1"
    assert page.orders[0].currency == "EUR"
    assert page.orders[0].shop_currency == "USD"


async def test_list_orders_shrinks_page_after_max_cost_exceeded() -> None:
    refused = httpx.Response(
        200,
        json={
            "errors": [{"message": "Query cost is 1800", "extensions": {"code": "MAX_COST_EXCEEDED"}}],
            "extensions": cost_extensions(1800, 2000),
        },
    )
    shop = OperationShop(OrdersPage=[lambda v: refused, lambda v: orders_page([order_node(1)], None)])
    page = await client_for(shop).list_orders(OrderQuery(), limit=100)
    first, second = (v["first"] for _, v in shop.calls)
    assert second < first
    assert second <= first * 900 / 1800
    assert page.next_cursor is None


async def test_list_orders_learns_cost_and_sizes_next_page_from_it() -> None:
    def answer(v: dict[str, Any]) -> httpx.Response:
        # Shopify charges half again what the estimate says for this shape.
        charged = estimate_cost(documents.ORDERS_PAGE, v) * 1.5
        return httpx.Response(
            200, json={"data": orders_page([], None), "extensions": cost_extensions(charged, 1000)}
        )

    shop = OperationShop(OrdersPage=answer)
    client = client_for(shop)
    await client.list_orders(OrderQuery(), limit=250)
    await client.list_orders(OrderQuery(), limit=250)
    first, second = (v["first"] for _, v in shop.calls)
    # The next page is sized from what Shopify charged, so it stays within budget.
    assert second < first
    assert estimate_cost(documents.ORDERS_PAGE, shop.calls[1][1]) * 1.5 <= 900


async def test_orders_with_more_lines_are_completed() -> None:
    extra = {
        "order": {
            "id": "gid://shopify/Order/1",
            "lineItems": {
                "nodes": [
                    {
                        "id": "gid://shopify/LineItem/99",
                        "title": "late",
                        "quantity": 2,
                        "originalUnitPriceSet": None,
                        "totalDiscountSet": None,
                        "taxLines": [],
                    }
                ],
                "pageInfo": {"hasNextPage": False, "endCursor": None},
            },
        }
    }
    shop = OperationShop(
        OrdersById=lambda v: {"nodes": [order_node(1, lines=2, more_lines="L2"), None]},
        OrderLineItemsPage=lambda v: extra,
    )
    found = await client_for(shop).fetch_orders(["gid://shopify/Order/1", "gid://shopify/Order/404"])
    assert list(found) == ["gid://shopify/Order/1"]
    assert [line.id for line in found["gid://shopify/Order/1"].lines][-1] == "gid://shopify/LineItem/99"
    assert shop.calls[1][1]["after"] == "L2"


async def test_find_order_by_name_exact_match_only() -> None:
    shop = OperationShop(
        OrderIdsByQuery=lambda v: {
            "orders": {
                "nodes": [
                    {"id": "gid://shopify/Order/7", "name": "#10017"},
                    {"id": "gid://shopify/Order/8", "name": "#1001"},
                ]
            }
        },
        OrdersById=lambda v: {"nodes": [order_node(8)]},
    )
    found = await client_for(shop).find_order("#1001")
    assert found is not None
    assert found.id == "gid://shopify/Order/8"
    assert shop.calls[0][1]["query"] == "name:'#1001'"
    assert shop.calls[1][1]["ids"] == ["gid://shopify/Order/8"]


async def test_find_order_numeric_falls_back_to_name() -> None:
    shop = OperationShop(
        OrdersById=[lambda v: {"nodes": [None]}, lambda v: {"nodes": [order_node(8)]}],
        OrderIdsByQuery=lambda v: {"orders": {"nodes": [{"id": "gid://shopify/Order/8", "name": "#1001"}]}},
    )
    found = await client_for(shop).find_order("1001")
    assert found is not None
    assert found.name == "#8"
    assert shop.operations() == ["OrdersById", "OrderIdsByQuery", "OrdersById"]


async def test_find_order_by_legacy_id() -> None:
    shop = OperationShop(OrdersById=lambda v: {"nodes": [order_node(5)]})
    found = await client_for(shop).find_order("5")
    assert found is not None
    assert found.legacy_id == "5"
