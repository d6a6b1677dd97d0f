"""Every attempt of a write intent is kept: when, outcome, Shopify's answer, duration, the job's run."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlmodel import Session, col
from starlette.testclient import TestClient

from connector.db.tables import IntentAttempt, OrderRun, WriteIntent
from connector.db.types import utcnow
from connector.intents.engine import execute
from connector.intents.history import classify
from connector.intents.payloads import TagOrder
from connector.intents.registry import KINDS, IntentKind
from connector.jobs.intent_retry import retry_due
from connector.jobs.scheduler import _logged
from connector.repo import runs
from connector.services import Services
from storefront_clients.errors import (
    PermanentStorefrontError,
    ThrottledError,
    TransientStorefrontError,
    UserError,
)
from tests.support.calls import run_job

Steps = Callable[..., None]


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> Steps:
    """Make the tag_order performer raise or answer the given steps in turn (then succeed)."""

    def install(*script: Exception | dict[str, Any]) -> None:
        left = list(script)

        async def perform(_services: Services, payload: TagOrder) -> dict[str, Any]:
            step = left.pop(0) if left else {"tagged": payload.tag}
            if isinstance(step, Exception):
                raise step
            return step

        monkeypatch.setitem(KINDS, TagOrder.KIND, IntentKind(TagOrder, perform))

    return install


def _send(client: TestClient, key: str, budget: float) -> str:
    payload = TagOrder(order_id="gid://shopify/Order/7", refnum="7", tag="imported")

    async def go(services: Services) -> str:
        outcome = await execute(services, key=key, refnum="7", payload=payload, budget=budget)
        return outcome.status

    return run_job(client, go)  # type: ignore[no-any-return]


def _read(client: TestClient, model: type[Any]) -> list[Any]:
    def read(session: Session) -> list[Any]:
        return list(session.execute(select(model).order_by(col(model.id))).scalars())

    async def go(services: Services) -> list[Any]:
        return await services.db.run(read)

    return run_job(client, go)  # type: ignore[no-any-return]


def test_a_throttled_then_applied_write_keeps_both_attempts(client: TestClient, steps: Steps) -> None:
    steps(ThrottledError("Throttled", retry_after=0.05))
    assert _send(client, "tag:7", budget=2.0) == "done"
    rows = _read(client, IntentAttempt)
    assert [(r.idempotency_key, r.refnum, r.kind, r.outcome) for r in rows] == [
        ("tag:7", "7", "tag_order", "transient"),
        ("tag:7", "7", "tag_order", "applied"),
    ]
    assert [r.message for r in rows] == ["Throttled", None]
    assert all(r.duration_ms >= 0 and r.job is None and r.at is not None for r in rows)
    assert rows[0].at <= rows[1].at
    assert _read(client, OrderRun) == []  # a request, not a job run


def test_a_refusal_keeps_shopifys_message_and_user_errors(client: TestClient, steps: Steps) -> None:
    error = UserError("Tag is too long", code="TOO_LONG", field=("tags", "0"))
    steps(PermanentStorefrontError("tagsAdd refused", user_errors=(error,)))
    assert _send(client, "tag:7", budget=1.0) == "failed"
    (row,) = _read(client, IntentAttempt)
    assert row.outcome == "refused"
    assert row.message == "tagsAdd refused: Tag is too long [TOO_LONG] (field tags.0)"
    assert json.loads(row.user_errors) == [
        {"message": "Tag is too long", "code": "TOO_LONG", "field": ["tags", "0"]}
    ]


def test_an_uncertain_failure_is_ambiguous_and_the_retry_jobs_run_touches_the_order(
    client: TestClient, steps: Steps
) -> None:
    steps(TransientStorefrontError("HTTP 503 from the store"))
    assert _send(client, "tag:7", budget=0.3) == "queued"
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    services.settings.shopify_timeout_seconds = 0.0  # nothing left in flight: due at once
    _make_due(client)

    async def drain(services: Services) -> runs.RunRef | None:
        await _logged(services, "intent_retry", partial(retry_due, services))()
        return runs.current.get()  # the wake-up loops reuse their task: the run must not linger

    assert run_job(client, drain) is None
    rows = _read(client, IntentAttempt)
    assert [(r.outcome, r.job) for r in rows] == [("ambiguous", None), ("applied", "intent_retry")]
    assert rows[0].message == "HTTP 503 from the store"
    (touch,) = _read(client, OrderRun)
    assert (touch.refnum, touch.job, touch.outcome) == ("7", "intent_retry", "tag_order attempt: applied")


def _make_due(client: TestClient) -> None:
    async def go(services: Services) -> None:
        def work(session: Session) -> None:
            session.execute(update(WriteIntent).values(next_attempt_at=utcnow(), claimed_until=None))

        await services.db.run(work)

    run_job(client, go)


def test_outcomes_are_named_by_what_the_store_may_have_done() -> None:
    assert classify(None) == "applied"
    assert classify(PermanentStorefrontError("no")) == "refused"
    assert classify(ThrottledError("slow down")) == "transient"
    assert classify(TransientStorefrontError("timeout")) == "ambiguous"
    assert classify(RuntimeError("bug")) == "ambiguous"
