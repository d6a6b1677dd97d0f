"""The packaged contract: eleven actions, their paths, schemas, validators and examples."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest

from connector.retailops.contract import (
    ACTIONS,
    action_path,
    example_request,
    request_schema,
    request_validator,
    swagger,
    target_schema,
    target_validator,
)


def test_actions_are_the_packaged_schema_files() -> None:
    schema_dir = files("connector.retailops") / "schema"
    packaged = {p.name for p in schema_dir.iterdir() if p.name.endswith("_v1.json")}
    assert packaged == {f"{action}_v1.json" for action in ACTIONS}
    assert len(ACTIONS) == len(set(ACTIONS)) == 11
    assert (schema_dir / "LICENSE").read_text(encoding="utf-8").startswith("The MIT License")


def test_paths_match_swagger() -> None:
    assert {action_path(a) for a in ACTIONS} == set(swagger()["paths"])
    assert action_path("order_pull") == "/order_pull_v1"


def test_example_is_valid_against_request_schema(action: str, example: dict[str, Any]) -> None:
    assert list(request_validator(action).iter_errors(example)) == []


def test_example_is_a_fresh_copy() -> None:
    first = example_request("order_cancel")
    first["order"]["channel_order_refnum"] = "changed"
    assert example_request("order_cancel")["order"]["channel_order_refnum"] == "496"


def test_schemas_and_validators_are_cached() -> None:
    assert target_schema("order_pull") is target_schema("order_pull")
    assert request_schema("order_pull") is request_schema("order_pull")
    assert target_validator("order_pull") is target_validator("order_pull")
    assert target_validator("order_pull").schema is target_schema("order_pull")


@pytest.mark.parametrize("name", ["order_fetch", "order_pull_v1", ""])
def test_unknown_action_is_a_key_error(name: str) -> None:
    with pytest.raises(KeyError):
        target_schema(name)
    with pytest.raises(KeyError):
        example_request(name)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2016-04-08T21:13:11Z", True),
        ("2016-04-08T21:13:11.5+02:00", True),
        ("2016-04-08T21:13:11", False),
        ("2016-04-08", False),
        ("yesterday", False),
    ],
)
def test_target_validator_checks_date_time(value: str, valid: bool) -> None:
    body = {"next_page_token": "", "orders": [{"channel_date_created": value}]}
    assert target_validator("order_pull").is_valid(body) is valid


def test_target_validator_enforces_the_answer_shape() -> None:
    validator = target_validator("order_cancel")
    assert validator.is_valid({"status": "success", "events": []})
    assert not validator.is_valid({"status": "ok"})
    assert not validator.is_valid({"events": [{"event_type": "fatal"}]})
    assert not target_validator("order_pull").is_valid({"orders": [{}] * 101})
