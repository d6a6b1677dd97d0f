"""Commitments from the order mirror over HTTP to the sandbox: no store call, and the store's numbers."""

from __future__ import annotations

from functools import partial

import pytest
from starlette.testclient import TestClient

from connector.jobs.order_sync import sync_orders
from connector.mapping.refs import order_refnum
from connector.repo import ledger
from connector.services import Services
from storefront_clients.base import OrderQuery
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxAdmin as Admin

pytestmark = pytest.mark.slow


async def _store_commitments(services: Services) -> dict[str, int]:
    """What a scan of the store's open, payable, untagged orders gives (the previous way), for comparison."""
    settings = services.settings
    query = OrderQuery(
        open_only=True,
        financial_statuses=tuple(settings.connector_pull_financial_statuses),
        without_tag=settings.connector_order_tag,
    )
    units: dict[str, int] = {}
    cursor: str | None = None
    while True:
        page = await services.storefront.list_orders(query, cursor, 100)
        refnums = [order_refnum(o.id, o.legacy_id) for o in page.orders]
        acked = await services.db.run(partial(ledger.acknowledged_refnums, refnums=refnums))
        for refnum, order in zip(refnums, page.orders, strict=True):
            if refnum in acked:
                continue
            for line in order.lines:
                if line.sku and line.requires_shipping and line.unfulfilled_quantity > 0:
                    units[line.sku] = units.get(line.sku, 0) + line.unfulfilled_quantity
        cursor = page.next_cursor
        if cursor is None:
            return units


def test_commitments_come_from_the_mirror_and_match_the_store(
    ro: Call, admin: Admin, app_client: TestClient
) -> None:
    pulled = ro("order_pull", page_token="")["orders"]
    acknowledged = [
        {"channel_order_refnum": o["channel_order_refnum"], "retailops_order_id": n}
        for n, o in enumerate(pulled[:2])
    ]
    ro("order_acknowledge", orders=acknowledged)
    run_job(app_client, sync_orders)  # the tags the acknowledgements wrote reach the mirror
    expected = run_job(app_client, _store_commitments)
    # The seeded store holds a partly fulfilled order: only its unfulfilled units count.
    assert expected
    admin.clear_calls()
    got = run_job(app_client, lambda services: services.commitments.read())
    assert admin.calls() == []
    assert got.units == expected
    assert got.complete
