"""Each action's Shopify traffic replayed from its cassette through the app (record mode "none").

The app runs with the real ``ShopifyClient`` pointed at ``FIXED_BASE``; vcrpy answers every call
from the cassette and fails any call that is not in it, so a scenario passes only if the connector
sends exactly the recorded requests (same documents, same variables, in order) and every recorded
interaction is played. SQLite only: the traffic does not depend on the database, and the PostgreSQL
behaviour of the same actions is covered by the action and e2e suites.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.support.builders import AUTH_KEY

from .harness import harness_settings, running
from .scenarios import SCENARIOS
from .vcr_setup import CASSETTES, FIXED_BASE, cassette_path, playback

RERECORD = (
    "If the connector's Shopify traffic changed on purpose (the log above names the request vcrpy "
    "could not match), re-record: .venv/bin/python -m tests.connector.cassettes.record {name}"
)
# The cassettes hold no token, so any value replays.
REPLAY_TOKEN = "replay-token-not-real"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_replays_from_its_cassette(name: str, sqlite_engine: Engine) -> None:
    path = cassette_path(name)
    assert path.exists(), f"missing cassette {path}; run `python -m tests.connector.cassettes.record {name}`"
    settings = harness_settings(
        sqlite_engine.url.render_as_string(hide_password=False), FIXED_BASE, REPLAY_TOKEN
    )
    with playback().use_cassette(path.name) as cassette:
        with running(settings, sqlite_engine, cassette) as harness:
            try:
                SCENARIOS[name](harness)
            except AssertionError as exc:
                # A call missing from the cassette surfaces as a 500 answer; say what to do about it.
                raise AssertionError(f"{exc}\n{RERECORD.format(name=name)}") from exc
        unplayed = len(cassette) - sum(1 for i in range(len(cassette)) if cassette.play_counts[i])
        assert cassette.all_played, f"{unplayed} recorded interaction(s) were not replayed"


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
            body = {
                "integration_auth_token": AUTH_KEY,
                "action": "order_pull",
                "version": 1,
                "client_id": 1,
                "channel_info": {"id": 1},
                "page_token": "",
            }
            response = harness.client.post("/order_pull_v1", json=body)
        assert response.status_code >= 500, response.text
        assert cassette.play_count == 0


def test_every_cassette_has_a_scenario() -> None:
    names = {p.stem for p in CASSETTES.glob("*.yaml")}
    assert names == set(SCENARIOS)
