"""Smoke: the connector talks to the sandbox store through the real Shopify client."""

from __future__ import annotations

from tests.conftest import Call
from tests.e2e.conftest import Admin


def test_pull_lists_seeded_orders(ro: Call, admin: Admin) -> None:
    body = ro("order_pull", page_token="")
    print(
        [(o["channel_order_refnum"], o.get("currency_code"), len(o["order_items"])) for o in body["orders"]]
    )
    print(body["events"])
    print(admin.orders()[0])
    assert body["orders"]
