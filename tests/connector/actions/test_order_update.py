"""order_update at the action layer (in-memory store): planning the edit, executing it, answering."""

from __future__ import annotations

from typing import Any

from connector.retailops import target_validator
from storefront_clients.errors import PermanentStorefrontError, UserError
from tests.conftest import Call
from tests.fakes.orders import line, order
from tests.fakes.storefront import FakeStorefront, transient

ORDER = "gid://shopify/Order/1"


def _update(call: Call, items: list[dict[str, Any]], refnum: str = "1") -> dict[str, Any]:
    body = call("order_update", order={"channel_order_refnum": refnum, "order_items": items})
    assert not list(target_validator("order_update").iter_errors(body))
    return body


def _quantities(storefront: FakeStorefront) -> dict[str, int]:
    return {li.sku or "": li.current_quantity for li in storefront.orders[ORDER].lines}


def test_lines_are_set_removed_and_answered_as_the_store_now_has_them(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2), line(12, "B", 1)))
    body = _update(
        call,
        [
            {"channel_item_refnum": "11", "order_item_id": 7, "quantity": 3},
            {"channel_item_refnum": "12", "order_item_id": 8, "quantity": 1, "removed": True},
        ],
    )
    assert body["events"] == []
    assert _quantities(storefront) == {"A": 3, "B": 0}
    answered = {li["order_item_id"]: li for li in body["line_items"]}
    assert {k: (v["refnum"], v["quantity"]) for k, v in answered.items()} == {7: ("11", 3), 8: ("12", 0)}
    assert set(body["values"]) == {"shipping_amt", "tax_amt", "discount_amt"}


def test_a_repeat_changes_nothing_in_the_store(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    items = [{"channel_item_refnum": "11", "order_item_id": 7, "quantity": 1}]
    first = _update(call, items)
    again = _update(call, items)
    assert storefront.calls.count("edit_order") == 1
    assert again["events"] == first["events"] == []
    assert again["line_items"] == first["line_items"]


def test_a_removed_line_keeps_what_already_shipped(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A", 3, unfulfilled=1)))  # two of three shipped
    body = _update(call, [{"channel_item_refnum": "11", "order_item_id": 7, "quantity": 0, "removed": True}])
    assert _quantities(storefront) == {"A": 2}
    assert body["line_items"][0]["quantity"] == 2


def test_an_unknown_line_is_an_event_and_the_known_lines_are_still_edited(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    body = _update(
        call,
        [
            {"channel_item_refnum": "99", "order_item_id": 6, "quantity": 1},
            {"channel_item_refnum": "11", "order_item_id": 7, "quantity": 5},
        ],
    )
    [event] = body["events"]
    assert (event["event_type"], event["code"]) == ("error", "UNKNOWN_ORDER_ITEM")
    assert {"identifier_type": "orderitem_refnum", "identifier": "99"} in event["associations"]
    assert _quantities(storefront) == {"A": 5}
    assert [li["order_item_id"] for li in body["line_items"]] == [7]


def test_a_new_sku_is_added_and_its_line_refnum_answered(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A", 1)))
    storefront.add_variant("NEW")
    body = _update(call, [{"order_item_id": 9, "sku": "NEW", "quantity": 2}, {"sku": "GHOST", "quantity": 1}])
    [event] = body["events"]
    assert (event["code"], event["associations"]) == (
        "UNKNOWN_SKU",
        [{"identifier_type": "sku_number", "identifier": "GHOST"}],
    )
    added = next(li for li in storefront.orders[ORDER].lines if li.sku == "NEW")
    assert added.current_quantity == 2
    [answered] = body["line_items"]
    assert (answered["order_item_id"], answered["refnum"], answered["quantity"]) == (
        9,
        added.id.rsplit("/", 1)[-1],
        2,
    )


def test_a_refused_edit_names_every_line_it_touched(call: Call, storefront: FakeStorefront) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    storefront.add_variant("NEW")
    refusal = PermanentStorefrontError(
        "orderEditBegin failed", (UserError("The order is archived", "INVALID"),)
    )
    storefront.fail_verb["edit_order"] = [refusal]
    body = _update(
        call,
        [{"channel_item_refnum": "11", "order_item_id": 7, "quantity": 1}, {"sku": "NEW", "quantity": 1}],
    )
    [event] = body["events"]
    assert (event["event_type"], event["code"]) == ("error", "STOREFRONT_ERROR")
    assert "The order is archived" in event["message"]
    assert event["associations"] == [
        {"identifier_type": "order_refnum", "identifier": "1"},
        {"identifier_type": "orderitem_refnum", "identifier": "11"},
        {"identifier_type": "sku_number", "identifier": "NEW"},
    ]
    assert "values" not in body or body["values"] is None


def test_a_store_outage_queues_the_edit_and_answers_what_was_planned(
    call: Call, storefront: FakeStorefront
) -> None:
    storefront.add_order(order(1, line(11, "A", 2)))
    storefront.fail_verb["edit_order"] = [transient()]
    body = _update(call, [{"channel_item_refnum": "11", "order_item_id": 7, "quantity": 4}])
    [event] = body["events"]
    assert (event["event_type"], event["code"]) == ("warning", "QUEUED")
    assert [(li["order_item_id"], li["quantity"]) for li in body["line_items"]] == [(7, 4)]
    assert _quantities(storefront) == {"A": 2}


def test_an_unknown_order_is_the_one_unknown_order_event(call: Call) -> None:
    body = _update(call, [{"channel_item_refnum": "11", "order_item_id": 7, "quantity": 1}], refnum="404")
    [event] = body["events"]
    assert (event["event_type"], event["code"]) == ("error", "UNKNOWN_ORDER")
    assert event["associations"] == [{"identifier_type": "order_refnum", "identifier": "404"}]
    assert body.get("line_items") is None
