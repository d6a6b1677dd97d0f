"""Issue 9 A7 over HTTP against the sandbox: store cancellations of imported orders reach order_pull
through the order mirror, whose sync pages through more than 250 changed orders by update time and
moves its cursor page by page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from starlette.testclient import TestClient

from connector.jobs.order_sync import CURSOR
from connector.repo import cursors, ledger
from storefront_clients.sandbox.order_builder import build_order
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxServer as ServerHandle

# Real servers (and, for guarantees, `serve` processes) for seconds each.
pytestmark = pytest.mark.slow

MATCHES = 320


def _services(client: TestClient) -> object:
    return client.app.state.services  # type: ignore[attr-defined]


def test_cancellations_are_reoffered_past_250_changed_orders(
    ro: Call, app_client: TestClient, sandbox: ServerHandle
) -> None:
    store = sandbox.runtime.store
    ro("order_pull", page_token="")  # the mirror's first sync, before the cancellations happen
    now = datetime.now(UTC)
    tag = app_client.app.state.services.settings.connector_order_tag  # type: ignore[attr-defined]
    with store.lock:
        sku = next(v.sku for v in store.variants.values() if v.sku)
        made = [
            build_order(
                store,
                {
                    "lines": [{"sku": sku, "quantity": 1}],
                    "tags": [tag],
                    "cancelled": True,
                    # Created newest first, updated oldest first: creation order and update order differ.
                    "created_at": (now - timedelta(days=30, minutes=n)).isoformat(),
                    "updated_at": (now + timedelta(milliseconds=n)).isoformat(),
                },
            )
            for n in range(MATCHES)
        ]
    # RetailOps imported these before they were cancelled: the last created (past 250 in creation
    # order) and the last updated (on the second page in update order).
    imported = made[:3] + made[-2:]

    async def acknowledge() -> None:
        services = app_client.app.state.services  # type: ignore[attr-defined]
        for order in imported:
            await services.db.run(
                partial(
                    ledger.acknowledge,
                    refnum=str(order.id),
                    store_order_id=f"gid://shopify/Order/{order.id}",
                    retailops_order_id=order.id,
                )
            )

    run_job(app_client, lambda _services: acknowledge())
    body = ro("order_pull", page_token="")
    offered = {o["channel_order_refnum"] for o in body["orders"] if o.get("cancel")}
    assert offered == {str(o.id) for o in imported}

    async def cursor() -> str | None:
        services = app_client.app.state.services  # type: ignore[attr-defined]
        value: str | None = await services.db.run(partial(cursors.get, name=CURSOR))
        return value

    value = run_job(app_client, lambda _services: cursor())
    assert value is not None
    # Shopify reports updatedAt to the second.
    assert datetime.fromisoformat(value) >= max(o.updated_at for o in made).replace(microsecond=0)
    again = ro("order_pull", page_token="")
    assert not [o for o in again["orders"] if o.get("cancel")]
