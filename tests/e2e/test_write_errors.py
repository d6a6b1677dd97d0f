"""What a queued write reports, end to end against the sandbox over HTTP: the store's own message."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from connector.intents.engine import HOLD_TIMEOUTS, OUT_OF_BUDGET
from connector.jobs.intent_retry import retry_due
from connector.settings import Settings
from tests.e2e.test_order_paths import package
from tests.support.calls import Call, run_job
from tests.support.sandbox import SandboxAdmin as Admin

STORE_TIMEOUT = 2.0
LANDS_AFTER = 4.0


@pytest.fixture
def e2e_settings(e2e_settings: Settings) -> Settings:
    """A budget that ends during the second try: a 502, the hold, then a slow call cut off."""
    budget = HOLD_TIMEOUTS * STORE_TIMEOUT + STORE_TIMEOUT * 0.75
    return e2e_settings.model_copy(
        update={"shopify_timeout_seconds": STORE_TIMEOUT, "connector_write_budget_seconds": budget}
    )


def last_error(app_client: TestClient) -> str:
    engine = app_client.app.state.services.db.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        query = text("SELECT last_error FROM write_intent WHERE kind = 'fulfil'")
        return str(conn.execute(query).scalar_one())


def test_a_queued_shipment_reports_the_stores_502_not_our_budget(
    ro: Call, admin: Admin, app_client: TestClient
) -> None:
    ref, line = admin.refnum("#1001"), admin.line_ref("#1001", "SBX-00001-M")
    admin.set_faults(
        [
            {"kind": "http_5xx", "status": 502, "match": "fulfillmentCreate", "count": 1},
            {"kind": "slow", "match": "fulfillmentCreate", "count": 1, "delay_seconds": LANDS_AFTER},
        ]
    )
    shipment = {"retailops_shipment_id": 7, "packages": [package(7, (line, 1))]}
    body = ro("order_shipment_submit", channel_order_refnum=ref, shipment=shipment)
    assert [e["code"] for e in body["events"]] == ["QUEUED"]
    message = body["events"][0]["message"]
    assert "HTTP 502" in message
    assert OUT_OF_BUDGET not in message
    assert "HTTP 502" in last_error(app_client)
    # The slow call lands; the retry recognises it by its tracking number: one fulfilment.
    time.sleep(LANDS_AFTER + STORE_TIMEOUT)  # landed, and the hold after the cut-off has passed
    assert run_job(app_client, retry_due)["done"] == 1
    assert [f["tracking"][0]["number"] for f in admin.order("#1001")["fulfillments"]] == ["1ZTRACK0007"]
