"""Order intake scenarios: order_pull, order_acknowledge, order_update, order_cancel."""

from __future__ import annotations

from .harness import Harness


def order_pull_page_and_specific(h: Harness) -> None:
    """A first page offers the open, paid, unimported orders; specific_orders fetches any order by refnum."""
    page = h.ro("order_pull", page_token="")
    assert page["next_page_token"] == ""
    offered = {o["channel_order_refnum"]: o for o in page["orders"]}
    refs = h.orders("#1001", "#1003", "#1007", "#1008", "#1009")
    assert refs["#1001"].refnum in offered
    assert refs["#1007"].refnum not in offered  # closed
    assert refs["#1008"].refnum not in offered  # cancelled
    gift = offered[refs["#1003"].refnum]
    assert {i["sku"]: i["item_type"] for i in gift["order_items"]} == {
        "GIFT-25": "advisory",
        "SBX-00002-S": "ship",
    }
    eur = offered[refs["#1009"].refnum]
    assert eur["currency_code"] == "EUR"
    assert eur["shipping_address"]["country_match"] == "DE"
    assert eur["shipping_address"]["first_name"] == "Jürgen"
    first = offered[refs["#1001"].refnum]
    assert first["gift_message"] == "Leave at the door"
    assert {i["sku"]: i["quantity"] for i in first["order_items"]} == {"SBX-00001-M": 2, "SBX-00002-S": 1}
    # specific_orders re-fetches by refnum, closed or not; an unknown refnum is a warning.
    again = h.ro(
        "order_pull",
        specific_orders=[{"channel_refnum": refs["#1007"].refnum}, {"channel_refnum": "404404"}],
    )
    assert [o["channel_order_refnum"] for o in again["orders"]] == [refs["#1007"].refnum]
    assert [(e["code"], e["associations"][0]["identifier"]) for e in again["events"]] == [
        ("UNKNOWN_ORDER", "404404")
    ]


def order_acknowledge_tag(h: Harness) -> None:
    """Acknowledging tags the order once, leaves the page, and warns on an unknown refnum."""
    ref = h.orders("#1001")["#1001"].refnum
    before = {o["channel_order_refnum"] for o in h.ro("order_pull", page_token="")["orders"]}
    assert ref in before
    body = h.ro(
        "order_acknowledge",
        orders=[
            {"channel_order_refnum": ref, "retailops_order_id": 9001},
            {"channel_order_refnum": "404404", "retailops_order_id": 1},
        ],
    )
    assert [(e["code"], e["associations"][0]["identifier"]) for e in body["events"]] == [
        ("UNKNOWN_ORDER", "404404")
    ]
    # The ledger decides: the order leaves the page before the store tag is written.
    after = {o["channel_order_refnum"] for o in h.ro("order_pull", page_token="")["orders"]}
    assert after == before - {ref}
    assert h.retry_intents()["done"] == 1
    assert h.sent("TagsAdd") == [{"id": f"gid://shopify/Order/{ref}", "tags": ["retailops-imported"]}]
    # A repeated acknowledgement changes nothing: the tag write is done and not sent again.
    assert h.ro("order_acknowledge", orders=[{"channel_order_refnum": ref, "retailops_order_id": 9001}]) == {
        "events": []
    }
    assert h.retry_intents() == {"done": 0, "queued": 0, "failed": 0}
    assert len(h.sent("TagsAdd")) == 1


def order_update_edit(h: Harness) -> None:
    """One order edit removes a line, changes a quantity and adds a SKU; a repeat sends no edit."""
    order = h.orders("#1001")["#1001"]
    a, b = order.lines["SBX-00001-M"], order.lines["SBX-00002-S"]
    items = [
        {"channel_item_refnum": a, "order_item_id": 1, "sku": "SBX-00001-M", "quantity": 1},
        {"channel_item_refnum": b, "order_item_id": 2, "sku": "SBX-00002-S", "quantity": 1, "removed": True},
        {"order_item_id": 3, "sku": "SBX-00003-L", "quantity": 2},
    ]
    body = h.ro("order_update", order={"channel_order_refnum": order.refnum, "order_items": items})
    assert body["events"] == []
    answered = {li["order_item_id"]: li for li in body["line_items"]}
    assert {k: answered[1][k] for k in ("order_item_id", "refnum", "quantity")} == {
        "order_item_id": 1,
        "refnum": a,
        "quantity": 1,
    }
    assert set(body["values"]) == {"shipping_amt", "tax_amt", "discount_amt"}
    assert answered[2]["quantity"] == 0
    added = answered[3]["refnum"]
    assert added not in (a, b)
    assert sorted(e["quantity"] for e in h.sent("OrderEditSetQuantity")) == [0, 1]
    [add] = h.sent("OrderEditAddVariant")
    assert add["quantity"] == 2
    assert len(h.sent("OrderEditCommit")) == 1
    repeat = h.ro("order_update", order={"channel_order_refnum": order.refnum, "order_items": items})
    assert repeat["events"] == []
    assert len(h.sent("OrderEditCommit")) == 1


def order_cancel_refused_and_success(h: Harness) -> None:
    """A fulfilled order is refused (fail), an open one cancelled (job awaited), a cancelled one succeeds."""
    refs = h.orders("#1006", "#1002", "#1008")
    refused = h.ro("order_cancel", order={"channel_order_refnum": refs["#1006"].refnum})
    assert refused["status"] == "fail"
    [event] = refused["events"]
    assert event["event_type"] == "error"
    assert event["associations"] == [{"identifier_type": "order_refnum", "identifier": refs["#1006"].refnum}]
    ok = h.ro("order_cancel", order={"channel_order_refnum": refs["#1002"].refnum})
    assert ok == {"events": [], "status": "success"}
    assert [c["orderId"] for c in h.sent("OrderCancel")] == [
        f"gid://shopify/Order/{refs['#1006'].refnum}",
        f"gid://shopify/Order/{refs['#1002'].refnum}",
    ]
    assert h.operations()[-1] == "Job"
    already = h.ro("order_cancel", order={"channel_order_refnum": refs["#1008"].refnum})
    assert already == {"events": [], "status": "success"}
    assert len(h.sent("OrderCancel")) == 2
