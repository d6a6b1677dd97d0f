"""order_backfill on the in-memory storefront: an order whose export rows were split is re-read."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session
from starlette.testclient import TestClient

from connector.db.tables import OrderMirror
from connector.jobs.order_sync import sync_orders
from storefront_clients.base import ExportedOrder, OrderExportBatch
from tests.support.calls import run_job
from tests.support.fakes.orders import line, order
from tests.support.fakes.storefront import FakeStorefront


def _skus(engine: Engine) -> dict[str, list[str]]:
    with Session(engine) as session:
        rows = session.execute(select(OrderMirror)).scalars()
        return {
            r.store_order_id: [i["sku"] for i in json.loads(r.payload or "{}")["order_items"]] for r in rows
        }


def test_an_order_named_incomplete_is_read_again_by_id_and_remapped(
    client: TestClient, storefront: FakeStorefront, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    storefront.bulk_enabled = True
    split = storefront.add_order(order(1, line(11, "A"), line(12, "B")))
    whole = storefront.add_order(order(2, line(21, "C")))

    async def split_file(_url: str) -> AsyncIterator[OrderExportBatch]:
        # The file listed order 1's second line after order 2: the first batch lacked it.
        first = replace(split, lines=split.lines[:1])
        yield OrderExportBatch((ExportedOrder(storefront._facts(first), first),))
        yield OrderExportBatch((ExportedOrder(storefront._facts(whole), whole),), incomplete=(split.id,))

    monkeypatch.setattr(storefront, "iter_order_export", split_file)
    figures = run_job(client, sync_orders)
    assert figures.bulk == "applied"
    assert figures.bulk_orders == 2
    assert _skus(engine) == {split.id: ["A", "B"], whole.id: ["C"]}
    assert storefront.calls.count("fetch_orders") == 1  # only the split order is read again


def test_without_bulk_the_fake_pages(client: TestClient, storefront: FakeStorefront) -> None:
    storefront.add_order(order(3, line(31, "D")))
    figures = run_job(client, sync_orders)
    assert figures.bulk == "busy"
    assert figures.pages == 1
