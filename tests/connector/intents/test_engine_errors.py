"""An intent's last error keeps the store's own message over our "stopped waiting" one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from connector.intents.engine import OUT_OF_BUDGET
from connector.intents.payloads import TagOrder
from connector.intents.registry import KINDS, IntentKind
from connector.services import Services
from connector.settings import Settings
from storefront_clients.errors import TransientStorefrontError
from tests.connector.intents.test_engine import _execute, _row, _tag
from tests.support.builders import settings_for

SHOPIFY_502 = "Shopify TagsAdd: HTTP 502 Bad Gateway"


@pytest.fixture
def settings(engine: Engine) -> Settings:
    """A short store timeout (the hold after an ambiguous failure), so a second try fits the budget."""
    return settings_for(
        engine.url.render_as_string(hide_password=False),
        connector_write_budget_seconds=0.8,
        shopify_timeout_seconds=0.05,
    )


Step = Callable[[], Any]


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Replace the tag_order performer: each call raises the next error or hangs past any budget."""

    def install(*errors: Exception | None) -> None:
        left = list(errors)

        async def perform(_services: Services, payload: TagOrder) -> dict[str, Any]:
            error = left.pop(0) if left else None
            if error is not None:
                raise error
            await asyncio.sleep(5)  # the store never answers within the request's budget
            return {"tagged": payload.tag}

        monkeypatch.setitem(KINDS, TagOrder.KIND, IntentKind(TagOrder, perform))

    return install


def test_the_stores_message_wins_over_a_later_budget_timeout_in_one_request(
    client: TestClient, steps: Callable[..., None]
) -> None:
    steps(TransientStorefrontError(SHOPIFY_502), None)
    outcome = _execute(client, "tag:1", _tag())
    assert (outcome.status, outcome.error) == ("queued", SHOPIFY_502)
    assert _row(client, "tag:1").last_error == SHOPIFY_502


def test_the_stores_message_from_an_earlier_attempt_is_kept(
    client: TestClient, steps: Callable[..., None]
) -> None:
    steps(TransientStorefrontError(SHOPIFY_502))
    assert _execute(client, "tag:1", _tag(), budget=0.01).error == SHOPIFY_502
    steps(None)  # the next attempt (RetailOps sends again) only times out
    time.sleep(0.25)  # past the hold (two store timeouts)
    outcome = _execute(client, "tag:1", _tag(), budget=0.3)
    assert (outcome.status, outcome.error) == ("queued", SHOPIFY_502)
    assert _row(client, "tag:1").last_error == SHOPIFY_502


def test_a_budget_timeout_alone_is_reported_as_such(client: TestClient, steps: Callable[..., None]) -> None:
    steps(None)
    outcome = _execute(client, "tag:1", _tag(), budget=0.3)
    assert (outcome.status, outcome.error) == ("queued", OUT_OF_BUDGET)
    assert _row(client, "tag:1").last_error == OUT_OF_BUDGET


def test_a_later_message_from_the_store_replaces_an_earlier_one(
    client: TestClient, steps: Callable[..., None]
) -> None:
    steps(TransientStorefrontError("Shopify TagsAdd: HTTP 503"), TransientStorefrontError(SHOPIFY_502), None)
    outcome = _execute(client, "tag:1", _tag())
    assert outcome.error == SHOPIFY_502
