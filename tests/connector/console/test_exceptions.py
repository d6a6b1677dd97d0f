"""The exception queue and its remedies: refused writes, missing SKUs, unmappable orders, audit."""

from __future__ import annotations

from sqlmodel import Session
from starlette.testclient import TestClient

from connector.jobs.inventory_flush import flush
from connector.repo import intents
from tests.support.calls import action_poster, run_job, settle
from tests.support.fakes.orders import line, order
from tests.support.fakes.storefront import FakeStorefront


def _refused_intent(client: TestClient, key: str, kind: str = "tag_order") -> None:
    services = client.app.state.services  # type: ignore[attr-defined]

    def work(session: Session) -> None:
        intents.ensure(session, key, kind, "1001", {"order_id": "gid://shopify/Order/1001"})
        intents.fail(session, key, "Shopify tagsAdd: Order does not exist [NOT_FOUND]")

    services.db.run_sync(work)


def test_a_refused_write_is_listed_resolved_with_a_note_and_audited(operator: tuple[TestClient, str]) -> None:
    client, csrf = operator
    _refused_intent(client, "tag:1001")
    listing = client.get("/console/exceptions?kind=intent").text
    assert "tag_order 1001" in listing
    assert "Order does not exist [NOT_FOUND]" in listing
    refused = client.post(
        "/console/exceptions/resolve",
        data={"csrf": csrf, "kind": "intent", "target": "tag:1001", "note": " "},
    )
    assert "a resolve needs a note" in refused.text
    done = client.post(
        "/console/exceptions/resolve",
        data={
            "csrf": csrf,
            "kind": "intent",
            "target": "tag:1001",
            "note": "order was deleted by the merchant",
        },
    )
    assert done.status_code == 200
    assert "order was deleted by the merchant" in done.text
    assert "console session" in done.text
    assert "Nothing stuck here." in client.get("/console/exceptions?kind=intent").text
    assert "order was deleted by the merchant" in client.get("/console/audit").text


def test_retry_all_of_one_kind_reopens_them(operator: tuple[TestClient, str]) -> None:
    client, csrf = operator
    _refused_intent(client, "tag:1", "tag_order")
    _refused_intent(client, "tag:2", "tag_order")
    _refused_intent(client, "cancel:3", "cancel_order")
    page = client.get("/console/exceptions?kind=intent").text
    assert "tag_order (2)" in page
    assert "cancel_order (1)" in page
    response = client.post(
        "/console/exceptions/retry-all", data={"csrf": csrf, "kind": "intent", "group": "tag_order"}
    )
    assert "queued 2 item(s)" in response.text
    services = client.app.state.services  # type: ignore[attr-defined]
    statuses = services.db.run_sync(
        lambda s: {k: getattr(intents.get(s, k), "status", None) for k in ("tag:1", "tag:2", "cancel:3")}
    )
    assert statuses == {"tag:1": "pending", "tag:2": "pending", "cancel:3": "failed"}
    item = client.get("/console/exceptions/item?kind=intent&target=tag:1").text
    assert "retry_all" in item
    assert "Attempts at the store" in item


def test_a_sku_the_store_lacks_is_listed_and_looked_up_again(
    operator: tuple[TestClient, str], storefront: FakeStorefront
) -> None:
    client, csrf = operator
    action_poster(client)("inventory_push", inventory_updates=[{"sku": "GHOST-1", "quantity_available": 4}])
    run_job(client, flush)
    listing = client.get("/console/exceptions?kind=sku").text
    assert "GHOST-1" in listing
    sku_page = client.get("/console/skus/GHOST-1").text
    assert "The store has no variant with this SKU" in sku_page
    storefront.add_variant("GHOST-1")
    retried = client.post(
        "/console/exceptions/retry", data={"csrf": csrf, "kind": "sku", "target": "GHOST-1"}
    )
    assert "looked up again" in retried.text
    run_job(client, flush)
    assert "Nothing stuck here." in client.get("/console/exceptions?kind=sku").text
    delivered = client.get("/console/skus/GHOST-1?store=1").text
    assert "Variant" in delivered


def test_an_order_that_cannot_be_mapped_is_listed(
    operator: tuple[TestClient, str], storefront: FakeStorefront
) -> None:
    client, csrf = operator
    storefront.add_order(order(4242, line(1, "SKU-1", 1), currency="XXX"))
    action_poster(client)("order_pull", page_token="")
    settle(client)  # order_pull records the issue after its answer
    listing = client.get("/console/exceptions?kind=order").text
    assert "currency XXX is not one RetailOps accepts" in listing
    retried = client.post("/console/exceptions/retry", data={"csrf": csrf, "kind": "order", "target": "4242"})
    assert "still fails" in retried.text


def test_the_overview_shows_backlog_and_last_calls(operator: tuple[TestClient, str]) -> None:
    client, _ = operator
    action_poster(client)("inventory_push", inventory_updates=[{"sku": "A-1", "quantity_available": 1}])
    page = client.get("/console").text
    assert "Inventory pending" in page
    assert "inventory_push" in page
    status = client.app.state.services  # type: ignore[attr-defined]
    assert status.ops.calls["inventory_push"].status == 200


def test_order_lookup_by_name_and_retailops_id(
    operator: tuple[TestClient, str], storefront: FakeStorefront
) -> None:
    client, _ = operator
    placed = storefront.add_order(order(777, line(7, "SKU-7", 2)))
    call = action_poster(client)
    call("order_pull", page_token="")
    call("order_acknowledge", orders=[{"channel_order_refnum": "777", "retailops_order_id": 5150}])
    by_name = client.get("/console/orders", params={"q": placed.name}, follow_redirects=False)
    assert by_name.headers["location"] == "/console/orders/777"
    by_id = client.get("/console/orders?q=5150", follow_redirects=False)
    assert by_id.headers["location"] == "/console/orders/777"
    page = client.get("/console/orders/777").text
    assert "acknowledged by RetailOps" in page
    assert "https://example.myshopify.com/admin/orders/777" in page
    assert "No order offered to RetailOps" in client.get("/console/orders?q=nothing").text
    assert client.get("/console/orders/999").status_code == 404
