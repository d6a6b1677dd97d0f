"""Catalog and inventory operations of ShopifyClient against a scripted shop."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from storefront_clients.base import (
    InventoryQuantity,
    ProductInput,
    ProductOption,
    VariantInput,
)
from storefront_clients.errors import PermanentStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.ops_catalog import sku_term

from .fakes import OperationShop, client_for


def variant(vid: int, sku: str) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/ProductVariant/{vid}",
        "sku": sku,
        "product": {"id": f"gid://shopify/Product/{vid // 10}"},
        "inventoryItem": {"id": f"gid://shopify/InventoryItem/{vid}", "tracked": True},
    }


def _fixed(answer: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    return answer


def page(nodes: list[dict[str, Any]], next_cursor: str | None = None) -> dict[str, Any]:
    return {
        "productVariants": {
            "nodes": nodes,
            "pageInfo": {"hasNextPage": next_cursor is not None, "endCursor": next_cursor},
        }
    }


async def test_resolve_skus_keeps_exact_unambiguous_matches() -> None:
    shop = OperationShop(
        VariantsBySku=lambda v: page(
            [variant(11, "A-1"), variant(12, "A-10"), variant(21, "B"), variant(22, "B"), variant(31, "c")]
        )
    )
    client = client_for(shop)
    result = await client.resolve_skus_detailed(["A-1", "B", "C"])
    found = result.found
    assert list(found) == ["A-1"]
    assert found["A-1"].inventory_item_id == "gid://shopify/InventoryItem/11"
    assert result.ambiguous == {"B": ("gid://shopify/ProductVariant/21", "gid://shopify/ProductVariant/22")}
    ((_, variables),) = shop.calls
    assert variables["query"] == 'sku:"A-1" OR sku:"B" OR sku:"C"'


async def test_resolve_skus_follows_pages_and_batches() -> None:
    skus = [f"S{i}" for i in range(30)]
    answers = [page([variant(1, "S0")], "c1"), page([variant(2, "S1")]), page([variant(3, "S29")])]
    shop = OperationShop(VariantsBySku=[functools.partial(_fixed, a) for a in answers])
    found = await client_for(shop).resolve_skus(skus)
    assert set(found) == {"S0", "S1", "S29"}
    assert [v.get("after") for _, v in shop.calls] == [None, "c1", None]


def test_sku_term_escapes_quotes() -> None:
    assert sku_term('a"b\\c') == 'sku:"a\\"b\\\\c"'


async def test_iter_variants_bulk_streams_jsonl_and_skips_children() -> None:
    url = "https://storage.example/result.jsonl?signature=x"
    rows = [
        variant(1, "A"),
        {"id": "gid://shopify/Thing/1", "__parentId": "gid://shopify/ProductVariant/1"},
        variant(2, ""),
        variant(3, "C"),
    ]
    shop = OperationShop(
        BulkRunQuery=lambda v: {
            "bulkOperationRunQuery": {
                "bulkOperation": {"id": "gid://shopify/BulkOperation/9", "status": "CREATED"},
                "userErrors": [],
            }
        },
        BulkOperationPoll=[
            lambda v: {"node": {"id": v["id"], "status": "RUNNING"}},
            lambda v: {"node": {"id": v["id"], "status": "COMPLETED", "url": url, "objectCount": "4"}},
        ],
    )
    shop.downloads[url] = "\n".join(json.dumps(r) for r in rows) + "\n"
    refs = [ref async for ref in client_for(shop).iter_variants()]
    assert [r.sku for r in refs] == ["A", "C"]
    assert shop.operations() == ["BulkRunQuery", "BulkOperationPoll", "BulkOperationPoll"]
    # The signed download URL never gets the Admin API token.
    assert "X-Shopify-Access-Token" not in shop.headers[-1]


async def test_iter_variants_adopts_the_operation_a_lost_start_answer_created() -> None:
    url = "https://storage.example/result.jsonl?signature=y"
    running = {
        "id": "gid://shopify/BulkOperation/9",
        "status": "RUNNING",
        "query": documents.BULK_VARIANTS_QUERY,
    }
    other = {
        **running,
        "id": "gid://shopify/BulkOperation/8",
        "query": "{ orders { edges { node { id } } } }",
    }
    shop = OperationShop(
        BulkRunQuery=lambda v: httpx.Response(503),
        RecentBulkOperations=lambda v: {"bulkOperations": {"nodes": [other, running]}},
        BulkOperationPoll=lambda v: {"node": {"id": v["id"], "status": "COMPLETED", "url": url}},
    )
    shop.downloads[url] = json.dumps(variant(1, "A")) + "\n"
    refs = [ref async for ref in client_for(shop).iter_variants()]
    assert [r.sku for r in refs] == ["A"]
    # One start (its answer lost), then the running operation is found, not a second one started.
    assert shop.operations().count("BulkRunQuery") == 1
    assert shop.operations()[-2:] == ["RecentBulkOperations", "BulkOperationPoll"]


async def test_iter_variants_falls_back_to_pages_when_bulk_is_busy() -> None:
    busy = {
        "bulkOperationRunQuery": {
            "bulkOperation": None,
            "userErrors": [
                {
                    "field": None,
                    "message": "A bulk query operation for this app and shop is already in progress",
                    "code": "OPERATION_IN_PROGRESS",
                }
            ],
        }
    }
    shop = OperationShop(
        BulkRunQuery=lambda v: busy,
        VariantsPage=[lambda v: page([variant(1, "A")], "c"), lambda v: page([variant(2, "B")])],
    )
    refs = [ref async for ref in client_for(shop).iter_variants()]
    assert [r.sku for r in refs] == ["A", "B"]


async def test_iter_variants_failed_operation_raises() -> None:
    shop = OperationShop(
        BulkRunQuery=lambda v: {
            "bulkOperationRunQuery": {"bulkOperation": {"id": "b", "status": "CREATED"}, "userErrors": []}
        },
        BulkOperationPoll=lambda v: {"node": {"id": "b", "status": "FAILED", "errorCode": "ACCESS_DENIED"}},
    )
    with pytest.raises(PermanentStorefrontError, match="ACCESS_DENIED"):
        _ = [ref async for ref in client_for(shop).iter_variants()]


async def test_upsert_product_sends_full_variant_set_by_handle() -> None:
    def product_set(v: dict[str, Any]) -> dict[str, Any]:
        return {
            "productSet": {
                "product": {
                    "id": "gid://shopify/Product/1",
                    "handle": "tee",
                    "variants": {"nodes": [variant(10, "TEE-S"), variant(11, "TEE-M")]},
                },
                "productSetOperation": None,
                "userErrors": [],
            }
        }

    shop = OperationShop(ProductSet=product_set)
    product = ProductInput(
        handle="tee",
        title="Tee",
        options=(ProductOption("Size", ("S", "M")),),
        variants=(
            VariantInput(
                sku="TEE-S", price=Decimal("10.00"), option_values=(("Size", "S"),), weight=Decimal("0.2")
            ),
            VariantInput(sku="TEE-M", price=Decimal("10.50"), option_values=(("Size", "M"),)),
        ),
    )
    result = await client_for(shop).upsert_product(product)
    assert result.product_id == "gid://shopify/Product/1"
    assert [v.sku for v in result.variants] == ["TEE-S", "TEE-M"]
    ((_, variables),) = shop.calls
    assert variables["identifier"] == {"handle": "tee"}
    sent = variables["input"]
    assert sent["productOptions"] == [{"name": "Size", "values": [{"name": "S"}, {"name": "M"}]}]
    assert [v["price"] for v in sent["variants"]] == ["10.00", "10.50"]
    assert sent["variants"][0]["inventoryItem"]["measurement"]["weight"] == {
        "value": 0.2,
        "unit": "KILOGRAMS",
    }
    assert sent["variants"][1]["optionValues"] == [{"optionName": "Size", "name": "M"}]


async def test_upsert_product_user_errors_raise() -> None:
    shop = OperationShop(
        ProductSet=lambda v: {
            "productSet": {
                "product": None,
                "productSetOperation": None,
                "userErrors": [
                    {
                        "field": ["input", "variants"],
                        "message": "Duplicate variant",
                        "code": "DUPLICATED_VARIANT_ID",
                    }
                ],
            }
        }
    )
    product = ProductInput(handle="x", title="X", variants=(VariantInput(sku="X", price=Decimal(1)),))
    with pytest.raises(PermanentStorefrontError) as caught:
        await client_for(shop).upsert_product(product)
    assert caught.value.user_errors[0].code == "DUPLICATED_VARIANT_ID"


async def test_set_inventory_sends_change_from_quantity_and_key() -> None:
    shop = OperationShop(
        InventorySetQuantities=lambda v: {
            "inventorySetQuantities": {"inventoryAdjustmentGroup": {"id": "g"}, "userErrors": []}
        }
    )
    await client_for(shop).set_inventory(
        [
            InventoryQuantity("gid://shopify/InventoryItem/1", "gid://shopify/Location/1", 5),
            InventoryQuantity(
                "gid://shopify/InventoryItem/2", "gid://shopify/Location/1", 7, compare_quantity=3
            ),
        ],
        "push-42",
    )
    ((_, variables),) = shop.calls
    assert variables["key"] == "push-42"
    assert variables["input"]["name"] == "available"
    assert [q["changeFromQuantity"] for q in variables["input"]["quantities"]] == [None, 3]
    assert all("changeFromQuantity" in q for q in variables["input"]["quantities"])


async def test_set_inventory_rejects_more_than_250() -> None:
    quantities = [InventoryQuantity(f"gid://shopify/InventoryItem/{i}", "L", 1) for i in range(251)]
    with pytest.raises(PermanentStorefrontError):
        await client_for(OperationShop()).set_inventory(quantities, "k")


async def test_inventory_levels_reads_available_and_skips_unstocked() -> None:
    shop = OperationShop(
        InventoryLevels=lambda v: {
            "nodes": [
                {
                    "id": "gid://shopify/InventoryItem/1",
                    "inventoryLevel": {"quantities": [{"name": "available", "quantity": 4}]},
                },
                {"id": "gid://shopify/InventoryItem/2", "inventoryLevel": None},
                None,
            ]
        }
    )
    levels = await client_for(shop).inventory_levels(
        ["gid://shopify/InventoryItem/1", "gid://shopify/InventoryItem/2", "gid://shopify/InventoryItem/3"],
        "77",
    )
    assert levels == {"gid://shopify/InventoryItem/1": 4}
    assert shop.calls[0][1]["locationId"] == "gid://shopify/Location/77"


async def test_shop_info_primary_and_locations() -> None:
    shop = OperationShop(
        ShopInfo=lambda v: {
            "shop": {"name": "Shop", "currencyCode": "CAD"},
            "primary": {"id": "gid://shopify/Location/1", "name": "Main", "isActive": True},
            "locations": {
                "nodes": [
                    {"id": "gid://shopify/Location/1", "name": "Main", "isActive": True},
                    {"id": "gid://shopify/Location/2", "name": "Old", "isActive": False},
                ],
                "pageInfo": {"hasNextPage": False, "endCursor": None},
            },
        }
    )
    info = await client_for(shop).shop_info()
    assert info.currency == "CAD"
    assert info.primary_location_id == "gid://shopify/Location/1"
    assert [loc.active for loc in info.locations] == [True, False]
