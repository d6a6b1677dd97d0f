"""Each action's Shopify traffic replayed from its cassette through the app (record mode "none").

The app runs with the real ``ShopifyClient`` pointed at ``FIXED_BASE``; vcrpy answers every call
from the cassette and fails any call that is not in it (same operation, document and variables,
``tests.support.cassettes``), ``OrderGuard`` fails a call sent out of the recorded order, and every
recorded interaction must be played. The guard tests below break a cassette or a client document on
purpose and show the replay failing. SQLite only: the traffic does not depend on the database, and
the PostgreSQL behaviour of the same actions is covered by the action and e2e suites.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from sqlalchemy import Engine

from storefront_clients.shopify import documents
from tests.support.builders import envelope
from tests.support.cassettes import OrderGuard

from .harness import harness_settings, running
from .scenarios import SCENARIOS
from .vcr_setup import CASSETTES, FIXED_BASE, cassette_path, playback

RERECORD = (
    "If the connector's Shopify traffic changed on purpose (the log above names the request vcrpy "
    "could not match), re-record: .venv/bin/python -m tests.connector.cassettes.record {name}"
)
# The cassettes hold no token, so any value replays.
REPLAY_TOKEN = "replay-token-not-real"


def replay(name: str, engine: Engine, path: Path | None = None) -> None:
    """Run scenario `name` against its cassette (or the cassette at `path`); fail on any mismatch."""
    path = path or cassette_path(name)
    assert path.exists(), f"missing cassette {path}; run `python -m tests.connector.cassettes.record {name}`"
    settings = harness_settings(engine.url.render_as_string(hide_password=False), FIXED_BASE, REPLAY_TOKEN)
    with playback().use_cassette(str(path)) as cassette:
        guard = OrderGuard(cassette)
        with running(settings, engine, cassette) as harness:
            try:
                SCENARIOS[name](harness)
            except AssertionError as exc:
                # A call missing from the cassette surfaces as a 500 answer; say what to do about it.
                raise AssertionError(f"{exc}\n{RERECORD.format(name=name)}") from exc
        guard.check()
        unplayed = len(cassette) - sum(1 for i in range(len(cassette)) if cassette.play_counts[i])
        assert cassette.all_played, f"{unplayed} recorded interaction(s) were not replayed"


def broken_copy(name: str, tmp_path: Path, change: Any) -> Path:
    """A copy of a scenario's cassette with `change(interactions)` applied."""
    data = yaml.safe_load(cassette_path(name).read_text(encoding="utf-8"))
    change(data["interactions"])
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _index(interactions: list[dict[str, Any]], operation: str) -> int:
    return next(
        i
        for i, it in enumerate(interactions)
        if json.loads(it["request"]["body"]).get("operationName") == operation
    )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_replays_from_its_cassette(name: str, sqlite_engine: Engine) -> None:
    replay(name, sqlite_engine)


def test_guard_a_close_recorded_before_the_edit_fails_the_replay(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """The order guard: a cassette where orderClose comes before the edit no longer matches the connector."""

    def close_first(interactions: list[dict[str, Any]]) -> None:
        close = interactions.pop(_index(interactions, "OrderClose"))
        interactions.insert(_index(interactions, "OrderEditBegin"), close)

    path = broken_copy("order_complete_edit_close", tmp_path, close_first)
    with pytest.raises(AssertionError, match="out of the recorded order"):
        replay("order_complete_edit_close", sqlite_engine, path)


def test_guard_changed_variables_fail_the_replay(sqlite_engine: Engine, tmp_path: Path) -> None:
    """The matcher: a recorded orderClose for another order id is not the one the connector sends."""

    def other_order(interactions: list[dict[str, Any]]) -> None:
        request = interactions[_index(interactions, "OrderClose")]["request"]
        body = json.loads(request["body"])
        body["variables"]["input"]["id"] = "gid://shopify/Order/999999"
        request["body"] = json.dumps(body, sort_keys=True)

    path = broken_copy("order_complete_edit_close", tmp_path, other_order)
    with pytest.raises(AssertionError):
        replay("order_complete_edit_close", sqlite_engine, path)


def test_guard_a_field_removed_from_a_client_document_fails_the_replay(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The matcher compares documents: the client asking orderClose for less than recorded fails."""
    assert "order { id closed }" in documents.ORDER_CLOSE
    monkeypatch.setattr(
        documents, "ORDER_CLOSE", documents.ORDER_CLOSE.replace("order { id closed }", "order { id }")
    )
    with pytest.raises(AssertionError):
        replay("order_complete_edit_close", sqlite_engine)


def test_catalog_get_config_cassette_is_empty() -> None:
    with playback().use_cassette(cassette_path("catalog_get_config").name) as cassette:
        assert len(cassette) == 0


def test_a_call_missing_from_the_cassette_fails_the_action(sqlite_engine: Engine) -> None:
    """The guard the replay relies on: with an empty cassette, an action that calls Shopify cannot succeed."""
    settings = harness_settings(
        sqlite_engine.url.render_as_string(hide_password=False), FIXED_BASE, REPLAY_TOKEN
    )
    with playback().use_cassette(cassette_path("catalog_get_config").name) as cassette:
        with running(settings, sqlite_engine, cassette) as harness:
            response = harness.client.post("/order_pull_v1", json=envelope("order_pull", page_token=""))
        assert response.status_code >= 500, response.text
        assert cassette.play_count == 0


def test_every_cassette_has_a_scenario() -> None:
    names = {p.stem for p in CASSETTES.glob("*.yaml")}
    assert names == set(SCENARIOS)
