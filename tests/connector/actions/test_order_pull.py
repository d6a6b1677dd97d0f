"""Order pull and acknowledge against the in-memory storefront: offers, paging, refetch, ledger."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text
from starlette.testclient import TestClient

from connector.jobs.intent_retry import retry_due
from connector.jobs.order_sync import sync_orders
from connector.repo import ledger
from connector.retailops import target_validator
from tests.support.calls import Call, run_job, settle
from tests.support.fakes.orders import line, order
from tests.support.fakes.storefront import FakeStorefront, transient


def _pull(call: Call, token: str = "") -> dict:  # type: ignore[type-arg]
    body = call("order_pull", page_token=token)
    assert not list(target_validator("order_pull").iter_errors(body))
    return body


def test_pull_offers_unacknowledged_orders_oldest_first_then_ack_removes_them(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(2, line(21, "B"), minutes=5))
    storefront.add_order(order(1, line(11, "A", 2)))
    storefront.add_order(order(3, line(31, "C"), financial="PENDING", minutes=9))
    body = _pull(call)
    assert [o["channel_order_refnum"] for o in body["orders"]] == ["1", "2"]
    first = body["orders"][0]
    assert first["order_items"][0]["channel_item_refnum"] == "11"
    assert first["order_items"][0]["quantity"] == 2
    assert first["currency_code"] == "USD"
    assert first["customer_info"]["full_name"] == "Zoë Müller"
    assert first["payment_transactions"] == [
        {
            "payment_processing_type": "channel_payment",
            "transaction_type": "charge",
            "payment_type": "Visa",
            "amount": 20,
        }
    ]
    ack = call("order_acknowledge", orders=[{"channel_order_refnum": "1", "retailops_order_id": 501}])
    assert ack["events"] == []
    # The ack answers without calling the store; the tag write is delivered by the intent worker.
    assert storefront.calls.count("add_tags") == 0
    assert run_job(client, retry_due) == {"done": 1, "queued": 0, "failed": 0}
    assert "retailops-imported" in storefront.orders["gid://shopify/Order/1"].tags
    assert [o["channel_order_refnum"] for o in _pull(call)["orders"]] == ["2"]


def test_ack_survives_a_failed_tag_write_and_unknown_refnums_warn(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A")))
    _pull(call)
    storefront.fail_verb["add_tags"] = [transient() for _ in range(20)]
    ack = call("order_acknowledge", orders=[{"channel_order_refnum": "1", "retailops_order_id": 7}])
    assert [e["code"] for e in ack["events"]] == []
    assert run_job(client, retry_due)["queued"] == 1
    assert "retailops-imported" not in storefront.orders["gid://shopify/Order/1"].tags
    storefront.fail_verb.clear()
    ack = call("order_acknowledge", orders=[{"channel_order_refnum": "999", "retailops_order_id": 8}])
    assert ack["events"][0]["code"] == "UNKNOWN_ORDER"
    assert ack["events"][0]["associations"] == [{"identifier_type": "order_refnum", "identifier": "999"}]
    assert _pull(call)["orders"] == []


def test_paging_uses_signed_tokens_and_rejects_tampering(call: Call, storefront: FakeStorefront) -> None:
    for n in range(1, 106):
        storefront.add_order(order(n, line(n * 10, "A"), minutes=n))
    page1 = _pull(call)
    assert len(page1["orders"]) == 100
    assert page1["next_page_token"]
    page2 = _pull(call, page1["next_page_token"])
    assert [o["channel_order_refnum"] for o in page2["orders"]] == [str(n) for n in range(101, 106)]
    assert page2["next_page_token"] == ""
    bad = call("order_pull", expect=400, page_token=page1["next_page_token"][:-2] + "xx")
    assert bad["events"][0]["code"] == "BAD_PAGE_TOKEN"


def test_specific_orders_refetch_acknowledged_orders(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A")))
    call("order_acknowledge", orders=[{"channel_order_refnum": "1", "retailops_order_id": 1}])
    body = call(
        "order_pull",
        page_token="garbage-ignored",
        specific_orders=[{"channel_refnum": "1"}, {"channel_refnum": "77"}],
    )
    assert [o["channel_order_refnum"] for o in body["orders"]] == ["1"]
    assert body["events"][0]["code"] == "UNKNOWN_ORDER"


def test_gift_card_and_shipped_lines_are_advisory_and_non_usd_amounts_stay_in_order_currency(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(
        order(
            5,
            line(51, "A", 2, "12.50", currency="EUR"),
            line(52, "GC", 1, "25.00", currency="EUR", gift_card=True),
            line(53, "B", 1, currency="EUR", unfulfilled=0),
            currency="EUR",
        )
    )
    got = _pull(call)["orders"][0]
    assert got["currency_code"] == "EUR"
    assert [i["item_type"] for i in got["order_items"]] == ["ship", "advisory", "advisory"]
    assert got["order_items"][0]["currency_values"]["unit_price"] == 12.5


def test_offered_orders_are_recorded_in_the_ledger_after_the_answer(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A")))
    _pull(call)
    engine = client.app.state.services.db.engine  # type: ignore[attr-defined]
    deadline = time.monotonic() + 2
    rows: list[Any] = []
    while time.monotonic() < deadline and not rows:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT refnum, acknowledged_at FROM order_ledger")).all()
        time.sleep(0.01)
    assert [tuple(r) for r in rows] == [("1", None)]


def _ledger_row(client: TestClient, refnum: str) -> Any:
    return run_job(client, lambda services: services.db.run(lambda s: ledger.by_refnums(s, [refnum])))[refnum]


def test_an_ack_before_the_offer_is_recorded_takes_the_order_from_the_mirror(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    placed = storefront.add_order(order(3, line(31, "A")))
    run_job(client, sync_orders)
    storefront.calls.clear()
    # The ledger has no row yet (order_pull records it after answering): the mirror has the order.
    ack = call("order_acknowledge", orders=[{"channel_order_refnum": "3", "retailops_order_id": 9}])
    assert ack["events"] == []
    assert "existing_orders" not in storefront.calls
    row = _ledger_row(client, "3")
    assert (row.order_name, row.store_order_id, row.retailops_order_id) == (placed.name, placed.id, 9)
    assert row.store_created_at is not None


def test_an_offer_recorded_after_a_store_confirmed_ack_fills_in_the_order_name(
    call: Call, client: TestClient, storefront: FakeStorefront
) -> None:
    placed = storefront.add_order(order(4, line(41, "A")))
    # Neither the ledger nor the mirror knows it: the store confirms it, and the row has no name.
    call("order_acknowledge", orders=[{"channel_order_refnum": "4", "retailops_order_id": 10}])
    assert _ledger_row(client, "4").order_name is None
    run_job(client, sync_orders)
    _pull(call, "")
    settle(client)
    assert _ledger_row(client, "4").order_name is None  # acknowledged: not offered again
    call("order_pull", specific_orders=[{"channel_refnum": "4"}])
    settle(client)
    assert _ledger_row(client, "4").order_name == placed.name
