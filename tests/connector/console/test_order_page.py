"""The order page: each attempt of each write with its answer, and the job runs touching the order."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session
from starlette.testclient import TestClient

from connector.db.types import utcnow
from connector.ops.order_view import RUNS_PAGE
from connector.repo import attempts, intents, ledger, runs


def _seed(client: TestClient, runs_touching: int) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]

    def work(session: Session) -> None:
        ledger.acknowledge(session, "1001", "gid://shopify/Order/1001", 9001)
        intent = intents.ensure(session, "fulfil:1:1", "fulfil", "1001", {"tracking_number": "1ZPAGE"})
        refused = attempts.Tried("refused", "fulfillmentCreate: Quantity exceeds [INVALID]", None, 41)
        attempts.record(session, intent, refused, None)
        attempts.record(session, intent, attempts.Tried("ambiguous", "HTTP 503", None, 3001), None)
        start = utcnow() - timedelta(hours=2)
        for n in range(runs_touching):
            run = runs.RunRef("order_sync", start + timedelta(minutes=n))
            runs.touch(session, run, [("1001", f"snapshot number {n}")])
            runs.record(session, run.job, run.started_at, {"orders": 1}, None)
        retry = runs.RunRef("intent_retry", start + timedelta(minutes=runs_touching))
        attempts.record(session, intent, attempts.Tried("applied", None, None, 250), retry)
        runs.record(session, retry.job, retry.started_at, None, "RuntimeError: later batch failed")

    services.db.run_sync(work)


def test_the_order_page_shows_each_attempt_and_the_runs_that_touched_the_order(
    operator: tuple[TestClient, str],
) -> None:
    client, _csrf = operator
    _seed(client, runs_touching=2)
    page = client.get("/console/orders/1001").text
    assert "<title>Order 1001 · RetailOps connector</title>" in page
    assert page.count("Job runs that touched this order") == 1
    assert "fulfil attempt 1: refused by the store" in page
    assert (
        "41 ms in a request (RetailOps, or a console retry); fulfillmentCreate: Quantity exceeds [INVALID]"
        in page
    )
    assert "fulfil attempt 2: no clear answer (it may have applied)" in page
    assert "fulfil attempt 3: applied in the store" in page
    assert "250 ms by the intent_retry job" in page
    assert page.index("attempt 1:") < page.index("attempt 2:") < page.index("attempt 3:")
    runs_section = page[page.index("Job runs that touched this order") :]
    assert "fulfil attempt: applied" in runs_section
    assert "failed: RuntimeError: later batch failed" in runs_section
    assert "snapshot number 1" in runs_section
    assert runs_section.index("fulfil attempt: applied") < runs_section.index("snapshot number 1")
    assert "older →" not in runs_section


def test_the_runs_are_paged(operator: tuple[TestClient, str]) -> None:
    client, _csrf = operator
    _seed(client, runs_touching=RUNS_PAGE + 5)
    first = client.get("/console/orders/1001").text
    assert "older →" in first
    assert f"snapshot number {RUNS_PAGE + 4}" in first
    assert "snapshot number 0<" not in first
    second = client.get("/console/orders/1001?page=2").text
    assert "snapshot number 0<" in second
    assert "← newer" in second
    assert "older →" not in second
