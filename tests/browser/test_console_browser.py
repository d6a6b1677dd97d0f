"""The operator console in a real browser against the sandbox: log in, fix a stuck write, look things up."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from connector.intents.engine import HOLD_TIMEOUTS
from tests.browser.conftest import BrowserThread, Live, shoot


def refnum(live: Live, name: str) -> str:
    return str(live.admin.order(name)["id"].rsplit("/", 1)[-1])


def line_ref(live: Live, name: str, sku: str) -> str:
    line = next(li for li in live.admin.order(name)["lines"] if li["sku"] == sku)
    return str(line["id"].rsplit("/", 1)[-1])


def shipment(sid: int, pid: int, ref: str, qty: int, tracking: str) -> dict[str, Any]:
    package = {
        "retailops_package_id": pid,
        "carrier_name": "UPS",
        "tracking_number": tracking,
        "date_shipped": "2026-11-20T10:00:00Z",
        "package_items": [{"channel_item_refnum": ref, "quantity": qty}],
    }
    return {"retailops_shipment_id": sid, "packages": [package]}


def log_in(page: Page, live: Live, password: str | None = None) -> None:
    page.goto(f"{live.base_url}/console")
    expect(page).to_have_url(re.compile(r"/console/login$"))
    page.fill("input[name=password]", password or live.password)
    page.click("button[type=submit]")


def test_wrong_password_is_refused_and_a_post_without_csrf_too(browser: BrowserThread, live: Live) -> None:
    browser.run(lambda page: refusals(page, live))


def refusals(page: Page, live: Live) -> None:
    log_in(page, live, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Wrong password.")
    shoot(page, "login_refused")
    log_in(page, live, live.settings.retailops_integration_auth_key.get_secret_value())  # type: ignore[union-attr]
    expect(page.get_by_role("alert")).to_have_text("Wrong password.")
    log_in(page, live)
    expect(page.locator("h1")).to_contain_text("Overview")
    # The session cookie is there, yet a POST without the form's CSRF token is refused.
    refused = page.request.post(
        f"{live.base_url}/console/exceptions/resolve",
        form={"kind": "intent", "target": "x", "note": "n"},
    )
    assert refused.status == 403
    assert "CSRF" in refused.text()
    wrong = page.request.post(
        f"{live.base_url}/console/exceptions/retry-all", form={"kind": "intent", "csrf": "guessed"}
    )
    assert wrong.status == 403


def test_fix_a_store_refusal_from_the_console_and_find_the_order(browser: BrowserThread, live: Live) -> None:
    browser.run(lambda page: fix_and_find(page, live))


def fix_and_find(page: Page, live: Live) -> None:
    ref, line = refnum(live, "#1001"), line_ref(live, "#1001", "SBX-00001-M")
    live.post("order_pull", page_token="")
    live.post("order_acknowledge", orders=[{"channel_order_refnum": ref, "retailops_order_id": 9001}])
    # The store fails every fulfillmentCreate: the shipment is accepted and queued.
    live.admin.set_faults([{"kind": "http_5xx", "match": "fulfillmentCreate", "count": None, "status": 503}])
    queued = live.post(
        "order_shipment_submit", channel_order_refnum=ref, shipment=shipment(1, 1, line, 1, "1ZCONSOLE01")
    )
    assert [e["code"] for e in queued["events"]] == ["QUEUED"], queued
    # From here on writes may take their time (the machine may be busy): only the 503 must queue.
    live.settings.connector_write_budget_seconds = 8.0

    log_in(page, live)
    expect(page.locator("h1")).to_contain_text("Overview")
    expect(page.locator("body")).to_contain_text("Writes queued")
    shoot(page, "overview")

    page.click("text=Exceptions")
    row = page.locator("tr", has_text="fulfil " + ref)
    expect(row).to_contain_text("queued")
    expect(row).to_contain_text("503")
    shoot(page, "exceptions")
    row.locator("a").first.click()
    expect(page.locator("body")).to_contain_text("Shopify's last answer")
    tried = page.locator("section", has_text="Attempts at the store")
    expect(tried).to_contain_text("no clear answer")
    expect(tried).to_contain_text("503")
    shoot(page, "exception_item")

    # The cause goes away; the write is retried from the console once its hold has passed.
    live.admin.clear_faults()
    time.sleep(HOLD_TIMEOUTS * live.settings.shopify_timeout_seconds + 0.2)
    page.click("text=Retry now")
    expect(page.get_by_role("status")).to_have_text("applied")
    expect(page.locator("body")).to_contain_text("applied")
    expect(page.locator("section", has_text="Attempts at the store")).to_contain_text("applied in the store")
    audit = page.locator("table").last
    expect(audit).to_contain_text("retry")
    expect(audit).to_contain_text("console session")
    shoot(page, "exception_retried")
    assert len(live.admin.order("#1001")["fulfillments"]) == 1

    # A refused write (more units than are left) is resolved with a note.
    refused = live.post(
        "order_shipment_submit", channel_order_refnum=ref, shipment=shipment(2, 2, line, 9, "1ZCONSOLE02")
    )
    assert refused["events"][0]["event_type"] == "error", refused
    page.goto(f"{live.base_url}/console/exceptions?kind=intent")
    row = page.locator("tr", has_text="refused")
    expect(row).to_contain_text("fulfil " + ref)
    row.locator("a").first.click()
    page.fill("input[name=note]", "RetailOps resent with the right quantity")
    page.click("text=Resolve")
    expect(page.get_by_role("status")).to_have_text("resolved")
    expect(page.locator("table").last).to_contain_text("RetailOps resent with the right quantity")
    page.goto(f"{live.base_url}/console/exceptions?kind=intent")
    expect(page.locator("body")).to_contain_text("Nothing stuck here.")

    # Look the order up by its Shopify name: its shipment with tracking and the timeline.
    page.click("text=Orders")
    page.fill("input[name=q]", "#1001")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/console/orders/{ref}$"))
    shipments = page.locator("section", has_text="Shipments in the store")
    expect(shipments).to_contain_text("1ZCONSOLE01")
    expect(shipments).to_contain_text("UPS")
    expect(page.locator("body")).to_contain_text("acknowledged by RetailOps")
    expect(page.locator("a", has_text="Open in the Shopify admin")).to_have_attribute(
        "href", f"https://sandbox-store.myshopify.com/admin/orders/{ref}"
    )
    shoot(page, "order")
    page.goto(f"{live.base_url}/console/orders?q=9001")
    expect(page).to_have_url(re.compile(rf"/console/orders/{ref}$"))

    # A SKU RetailOps pushed: pushed vs delivered and the store's level on demand.
    live.post("inventory_push", inventory_updates=[{"sku": "SBX-00001-M", "quantity_available": 7}])
    page.goto(f"{live.base_url}/console/skus?q=SBX-00001-M")
    expect(page.locator("h1")).to_contain_text("SKU SBX-00001-M")
    page.click("text=Read the store's level now")
    expect(page.locator("body")).to_contain_text("pending")
    shoot(page, "sku")
    page.goto(f"{live.base_url}/console/audit")
    expect(page.locator("body")).to_contain_text("resolve")
    shoot(page, "audit")
    # No page shows a secret.
    for path in ("/console", "/console/exceptions", f"/console/orders/{ref}", "/console/audit"):
        body = page.request.get(live.base_url + path).text()
        for secret in live.settings.secrets():
            assert secret not in body, path


@pytest.mark.parametrize("scheduler", [True])
def test_the_order_page_shows_each_attempt_and_the_job_runs(
    browser: BrowserThread, live: Live, scheduler: bool
) -> None:
    browser.run(lambda page: attempts_and_runs(page, live))


def attempts_and_runs(page: Page, live: Live) -> None:
    ref = refnum(live, "#1001")
    medium, small = line_ref(live, "#1001", "SBX-00001-M"), line_ref(live, "#1001", "SBX-00002-S")
    live.post("order_pull", page_token="")
    live.post("order_acknowledge", orders=[{"channel_order_refnum": ref, "retailops_order_id": 9101}])
    # More units than the line has: Shopify refuses it; RetailOps sends the shipment again, corrected.
    refused = live.post(
        "order_shipment_submit", channel_order_refnum=ref, shipment=shipment(11, 11, medium, 5, "1ZTWICE01")
    )
    assert refused["events"][0]["event_type"] == "error", refused
    applied = live.post(
        "order_shipment_submit", channel_order_refnum=ref, shipment=shipment(11, 11, medium, 1, "1ZTWICE01")
    )
    assert not [e for e in applied["events"] if e["event_type"] == "error"], applied
    # One 503 on the next shipment: queued, then applied by the intent_retry job after its hold.
    live.admin.set_faults([{"kind": "http_5xx", "match": "fulfillmentCreate", "count": 1, "status": 503}])
    queued = live.post(
        "order_shipment_submit", channel_order_refnum=ref, shipment=shipment(12, 12, small, 1, "1ZDRAINED")
    )
    assert [e["code"] for e in queued["events"]] == ["QUEUED"], queued
    deadline = time.monotonic() + 30
    while len(live.admin.order("#1001")["fulfillments"]) < 2:
        assert time.monotonic() < deadline, "the intent_retry job did not apply the queued shipment"
        time.sleep(0.25)

    log_in(page, live)
    expect(page.locator("h1")).to_contain_text("Overview")
    page.goto(f"{live.base_url}/console/orders?q=%231001")
    expect(page).to_have_url(re.compile(rf"/console/orders/{ref}$"))
    timeline = page.locator("section", has_text="Timeline")
    expect(timeline).to_contain_text("attempt 1: refused by the store")
    expect(timeline).to_contain_text("attempt 2: applied in the store")
    expect(timeline).to_contain_text("attempt 1: no clear answer (it may have applied)")
    expect(timeline).to_contain_text("by the intent_retry job")
    writes = page.locator("section", has_text="Store writes")
    expect(writes).to_contain_text("1 refused")
    expect(writes).to_contain_text("2 applied")
    expect(writes).to_contain_text("1 ambiguous")
    runs = page.locator("section#runs")
    expect(runs).to_contain_text("intent_retry")
    expect(runs).to_contain_text("attempt: applied")
    expect(runs).to_contain_text("order_sync")
    expect(runs).to_contain_text("snapshot stored")
    shoot(page, "order_attempts_and_runs")
