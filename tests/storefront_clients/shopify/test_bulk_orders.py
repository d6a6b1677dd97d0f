"""The bulk order export: the document obeys Shopify's bulk rules, the JSONL is reassembled while
streamed, and an exported order maps exactly as the same order read by id does (sandbox over HTTP)."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from graphql import GraphQLSchema

from connector.intake.snapshot import snapshot
from storefront_clients.base import OrderExportBatch
from storefront_clients.errors import TransientStorefrontError
from storefront_clients.sandbox.resolvers.bulk_rules import check_bulk_query
from storefront_clients.sandbox.schema import executable_schema
from storefront_clients.shopify import documents
from storefront_clients.shopify.auth import StaticToken
from storefront_clients.shopify.client import ShopifyClient
from storefront_clients.shopify.ops_bulk_orders import export_batches, export_query
from tests.storefront_clients.shopify.fakes import OperationShop, client_for
from tests.support.builders import seeded_store
from tests.support.sandbox import SandboxServer, start_sandbox

ORDER = "gid://shopify/Order/{}"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox(seeded_store(extra_orders=120))
    yield server
    server.stop()


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[ShopifyClient]:
    shop = ShopifyClient(httpx.AsyncClient(timeout=10.0), sandbox.graphql_url(), StaticToken(sandbox.token))
    yield shop
    await shop.aclose()


def load_schema() -> GraphQLSchema:
    return executable_schema("2026-07")


SINCE = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize("open_only", [True, False])
def test_the_export_document_passes_shopifys_bulk_rules(open_only: bool) -> None:
    query = export_query(None if open_only else SINCE, open_only)
    assert check_bulk_query(load_schema(), query) is None
    assert ("status:open" in query) is open_only


def test_a_sixth_connection_or_a_third_level_would_be_refused() -> None:
    """The document sits at Shopify's limits: one more connection is refused (guards later edits)."""
    schema = load_schema()
    base = documents.bulk_orders_query(None)
    extra = "returns { edges { node { id } } } events { edges { node { id } } } fulfillmentOrders {"
    more = base.replace("fulfillmentOrders {", extra)
    assert more != base
    assert check_bulk_query(schema, more) == "Bulk queries cannot contain more than 5 connections."


async def test_an_exported_order_maps_like_the_same_order_read_by_id(
    client: ShopifyClient, sandbox: SandboxServer
) -> None:
    started = await client.start_order_export(None, open_only=True)
    assert started is not None
    status = await client.bulk_operation(started.id)
    assert status is not None
    assert status.status == "COMPLETED"
    assert status.url
    exported = [e async for b in client.iter_order_export(status.url) for e in b.orders]
    open_orders = [o for o in sandbox.store.orders.values() if o.cancelled_at is None and not o.closed]
    assert len(exported) == len(open_orders) > 100
    ids = [e.order.id for e in exported]
    by_id = {}
    for start in range(0, len(ids), 50):
        by_id.update(await client.fetch_orders(ids[start : start + 50]))
    facts = await client.order_facts(ids)
    compared = 0
    for e in exported:
        assert e.facts == facts[e.order.id]
        if len(by_id[e.order.id].transactions) >= 10:
            continue  # a read by id pages transactions (first: 10); the export has them all
        assert snapshot(e.order, "note") == snapshot(by_id[e.order.id], "note")
        compared += 1
    assert compared > 100
    assert any(e.order.lines and e.order.shipping_lines for e in exported)
    assert any(e.facts.holds for e in exported)


def _file(rows: list[dict[str, Any]]) -> httpx.AsyncClient:
    body = "".join(json.dumps(r) + "\n" for r in rows).encode()
    return httpx.AsyncClient(transport=httpx.MockTransport(lambda _r: httpx.Response(200, content=body)))


def _root(n: int) -> dict[str, Any]:
    return {
        "id": ORDER.format(n),
        "name": f"#{n}",
        "createdAt": "2026-11-01T00:00:00Z",
        "updatedAt": "2026-11-02T00:00:00Z",
        "displayFinancialStatus": "PAID",
        "currencyCode": "USD",
        "presentmentCurrencyCode": "USD",
    }


def _line(n: int, parent: int) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/LineItem/{n}",
        "title": "T",
        "quantity": 1,
        "__parentId": ORDER.format(parent),
    }


async def _batches(download: httpx.AsyncClient, batch: int) -> list[OrderExportBatch]:
    return [b async for b in export_batches(download, "https://files.example/x.jsonl", batch)]


async def test_children_are_reattached_and_a_late_child_names_its_order() -> None:
    rows = [
        _root(1),
        _line(11, 1),
        {
            "id": "gid://shopify/FulfillmentOrder/5",
            "status": "ON_HOLD",
            "fulfillmentHolds": [{"reason": "OTHER"}],
            "__parentId": ORDER.format(1),
        },
        _root(2),
        _line(21, 2),
        _root(3),
        _line(12, 1),  # order 1 was handed out with the previous batch
        {"id": "gid://shopify/Metafield/9", "__parentId": ORDER.format(3)},  # not selected by us: skipped
    ]
    batches = await _batches(_file(rows), batch=2)
    assert [[e.order.id for e in b.orders] for b in batches] == [
        [ORDER.format(1), ORDER.format(2)],
        [ORDER.format(3)],
    ]
    first = batches[0].orders[0]
    assert [line.id for line in first.order.lines] == ["gid://shopify/LineItem/11"]
    assert first.facts.holds == ("OTHER",)
    assert batches[0].incomplete == ()
    assert batches[1].incomplete == (ORDER.format(1),)


async def test_a_download_refused_is_a_transient_error() -> None:
    gone = httpx.AsyncClient(transport=httpx.MockTransport(lambda _r: httpx.Response(403)))
    with pytest.raises(TransientStorefrontError):
        await _batches(gone, batch=10)


def _recent(query: str, status: str = "RUNNING") -> dict[str, Any]:
    node = {"id": "gid://shopify/BulkOperation/77", "status": status, "errorCode": None, "objectCount": "0"}
    other = {
        **node,
        "id": "gid://shopify/BulkOperation/70",
        "query": "{ products { edges { node { id } } } }",
    }
    return {
        "bulkOperations": {"nodes": [{**node, "url": None, "partialDataUrl": None, "query": query}, other]}
    }


async def test_a_lost_answer_adopts_the_export_shopify_created() -> None:
    ours = export_query(None, open_only=True)
    shop = OperationShop(
        BulkRunQuery=lambda _v: httpx.Response(503), RecentBulkOperations=lambda _v: _recent(ours)
    )
    started = await client_for(shop).start_order_export(None, True)
    assert started is not None
    assert started.id == "gid://shopify/BulkOperation/77"
    assert shop.operations() == ["BulkRunQuery", "RecentBulkOperations"]


@pytest.mark.parametrize(
    "recent",
    [
        _recent("{ productVariants { edges { node { id } } } }"),
        _recent(export_query(None, open_only=True), "FAILED"),
        {"bulkOperations": {"nodes": []}},
    ],
)
async def test_a_lost_answer_without_our_export_is_raised(recent: dict[str, Any]) -> None:
    shop = OperationShop(BulkRunQuery=lambda _v: httpx.Response(503), RecentBulkOperations=lambda _v: recent)
    with pytest.raises(TransientStorefrontError):
        await client_for(shop).start_order_export(None, True)


async def test_a_large_file_is_streamed_in_bounded_memory() -> None:
    """4,000 orders (about 9 MB of JSONL) are read with a fraction of that in memory at once."""
    orders, padding = 4_000, "x" * 2_000

    async def lines() -> AsyncIterator[bytes]:
        for n in range(orders):
            yield (json.dumps({**_root(n), "note": padding}) + "\n").encode()
            yield (json.dumps(_line(n, n)) + "\n").encode()

    download = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda _r: httpx.Response(200, content=lines()))
    )
    seen = 0
    tracemalloc.start()
    try:
        async for batch in export_batches(download, "https://files.example/big.jsonl"):
            seen += len(batch.orders)
            assert all(len(e.order.lines) == 1 for e in batch.orders)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == orders
    assert peak < 4 * 1024 * 1024
