"""Every branch of an intent's life: record, re-open, claim, retry within the budget, defer, fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from connector.db.tables import IntentStatus, WriteIntent
from connector.intents.engine import Outcome, execute, record
from connector.intents.payloads import TagOrder
from connector.intents.registry import KINDS, IntentKind
from connector.jobs.intent_retry import retry_due
from connector.repo import intents as repo
from connector.services import Services
from storefront_clients.errors import PermanentStorefrontError, ThrottledError, UserError
from tests.support.calls import run_job

Script = list[Exception | dict[str, Any]]


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[TagOrder]]:
    """Replace the tag_order performer by one that raises or answers the scripted steps in turn."""

    def install(*steps: Exception | dict[str, Any]) -> list[TagOrder]:
        seen: list[TagOrder] = []
        left = list(steps)

        async def perform(_services: Services, payload: TagOrder) -> dict[str, Any]:
            seen.append(payload)
            step = left.pop(0) if left else {"tagged": payload.tag}
            if isinstance(step, Exception):
                raise step
            return step

        monkeypatch.setitem(KINDS, TagOrder.KIND, IntentKind(TagOrder, perform))
        return seen

    return install


def _tag(order: str = "gid://shopify/Order/1", tag: str = "imported") -> TagOrder:
    return TagOrder(order_id=order, refnum=order.rsplit("/", 1)[-1], tag=tag)


def _execute(client: TestClient, key: str, payload: TagOrder, budget: float | None = None) -> Outcome:
    return run_job(client, partial(_run_execute, key=key, payload=payload, budget=budget))  # type: ignore[no-any-return]


async def _run_execute(services: Services, key: str, payload: TagOrder, budget: float | None) -> Outcome:
    return await execute(services, key=key, refnum=payload.refnum, payload=payload, budget=budget)


async def _queue(services: Services, key: str, payload: TagOrder) -> None:
    await services.db.run(partial(record, key=key, refnum=payload.refnum, payload=payload))


def _row(client: TestClient, key: str) -> WriteIntent:
    async def read(services: Services) -> WriteIntent:
        row = await services.db.run(partial(repo.get, key=key))
        assert row is not None
        return row

    return run_job(client, read)  # type: ignore[no-any-return]


def test_a_new_intent_is_applied_and_its_repeat_answers_the_first_result(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    seen = script({"tagged": "first"})
    first = _execute(client, "tag:1", _tag())
    assert (first.status, first.result, first.repeat) == ("done", {"tagged": "first"}, False)
    again = _execute(client, "tag:1", _tag())
    assert (again.status, again.result, again.repeat) == ("done", {"tagged": "first"}, True)
    assert len(seen) == 1
    row = _row(client, "tag:1")
    assert (row.status, row.kind, json.loads(row.payload)) == (
        IntentStatus.DONE,
        "tag_order",
        {"order_id": "gid://shopify/Order/1", "refnum": "1", "tag": "imported"},
    )


def test_a_failed_intent_sent_again_is_reopened_and_tried_once_more(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    seen = script(PermanentStorefrontError("refused", (UserError("Order is locked", "LOCKED"),)))
    refused = _execute(client, "tag:1", _tag())
    assert refused.status == "failed"
    assert refused.user_errors == (UserError("Order is locked", "LOCKED"),)
    assert _row(client, "tag:1").status == IntentStatus.FAILED
    # The merchant fixed the cause; RetailOps sends the same request again.
    retried = _execute(client, "tag:1", _tag())
    assert (retried.status, retried.repeat) == ("done", False)
    assert len(seen) == 2
    row = _row(client, "tag:1")
    assert (row.status, row.attempts, row.last_error) == (IntentStatus.DONE, 1, None)


def test_a_changed_request_reopens_a_done_intent_with_the_new_payload(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    seen = script()
    assert _execute(client, "tag:1", _tag(tag="old")).status == "done"
    changed = _execute(client, "tag:1", _tag(tag="new"))
    assert (changed.status, changed.repeat, changed.result) == ("done", False, {"tagged": "new"})
    assert [p.tag for p in seen] == ["old", "new"]
    assert json.loads(_row(client, "tag:1").payload)["tag"] == "new"


def test_an_intent_claimed_by_another_worker_is_left_to_it(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    seen = script()

    async def claimed_elsewhere(services: Services) -> None:
        payload = _tag()
        await services.db.run(
            partial(repo.ensure, key="tag:1", kind="tag_order", refnum="1", payload=payload.to_json())
        )
        assert await services.db.run(partial(repo.claim, key="tag:1", lease=timedelta(minutes=1))) is not None

    run_job(client, claimed_elsewhere)
    outcome = _execute(client, "tag:1", _tag())
    assert (outcome.status, outcome.error) == ("queued", "another worker is applying this change")
    assert seen == []
    assert _row(client, "tag:1").status == IntentStatus.PENDING


def test_a_throttle_is_retried_inside_the_request_budget(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    seen = script(
        ThrottledError("throttled", retry_after=0.05), ThrottledError("throttled", retry_after=0.05)
    )
    outcome = _execute(client, "tag:1", _tag(), budget=2.0)
    assert (outcome.status, len(seen)) == ("done", 3)
    assert _row(client, "tag:1").attempts == 1  # one claim, three sends within it


def test_a_throttle_past_the_budget_is_queued_with_backoff_for_the_retry_job(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    seen = script(ThrottledError("throttled", retry_after=5.0))
    outcome = _execute(client, "tag:1", _tag(), budget=0.3)
    assert (outcome.status, outcome.error, len(seen)) == ("queued", "throttled", 1)
    row = _row(client, "tag:1")
    assert (row.status, row.last_error, row.claimed_until) == (IntentStatus.PENDING, "throttled", None)
    assert row.next_attempt_at is not None


def test_an_unexpected_exception_defers_that_intent_and_the_batch_goes_on(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[str] = []

    async def perform(_services: Services, payload: TagOrder) -> dict[str, Any]:
        if payload.refnum == "2":
            raise KeyError("tracking_numbr")  # a bug in one performer
        applied.append(payload.refnum)
        return {"tagged": payload.tag}

    monkeypatch.setitem(KINDS, TagOrder.KIND, IntentKind(TagOrder, perform))

    async def queue_three(services: Services) -> None:
        for n in ("1", "2", "3"):
            payload = _tag(f"gid://shopify/Order/{n}")
            await services.db.run(
                partial(repo.ensure, key=f"tag:{n}", kind="tag_order", refnum=n, payload=payload.to_json())
            )

    run_job(client, queue_three)
    counts = run_job(client, retry_due)
    assert counts == {"done": 2, "queued": 1, "failed": 0}
    assert sorted(applied) == ["1", "3"]
    broken = _row(client, "tag:2")
    assert broken.status == IntentStatus.PENDING
    assert broken.last_error == "unexpected KeyError: 'tracking_numbr'"
    assert broken.claimed_until is not None  # held: a write may have gone out
    assert run_job(client, retry_due) == {"done": 0, "queued": 0, "failed": 0}  # not due again yet


def test_an_unexpected_exception_inside_a_request_is_a_queued_answer_not_a_crash(
    client: TestClient, script: Callable[..., list[TagOrder]]
) -> None:
    script(RuntimeError("boom"))
    outcome = _execute(client, "tag:1", _tag())
    assert (outcome.status, outcome.error) == ("queued", "unexpected RuntimeError: boom")


def test_an_intent_of_a_kind_nobody_performs_is_deferred_with_the_reason(client: TestClient) -> None:
    async def stray(services: Services) -> None:
        await services.db.run(partial(repo.ensure, key="x:1", kind="renamed_kind", refnum=None, payload={}))

    run_job(client, stray)
    assert run_job(client, retry_due) == {"done": 0, "queued": 1, "failed": 0}
    assert (
        _row(client, "x:1").last_error
        == "unexpected LookupError: no performer for intent kind 'renamed_kind'"
    )


def test_every_registered_kind_names_its_own_payload_type() -> None:
    assert sorted(KINDS) == [
        "cancel_order",
        "complete_order",
        "edit_order",
        "fulfil",
        "refund",
        "settle_payment",
        "tag_order",
        "update_tracking",
        "upsert_product",
    ]
    assert all(kind.name == name for name, kind in KINDS.items())
