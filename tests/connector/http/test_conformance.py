"""The official verifier's procedure over the official examples: 200 + targetSchema; 401 on a wrong key."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from connector.retailops import ACTIONS, request_validator, target_validator

REPO = Path(__file__).resolve().parents[3]
SHARED_EXAMPLES = REPO.parent / "shared" / "retailops-sdk" / "examples"
# A copy of the official examples (MIT) so the suite also runs where ../shared is absent.
EXAMPLES = SHARED_EXAMPLES if SHARED_EXAMPLES.is_dir() else REPO / "tests" / "data" / "retailops_examples"


def example(action: str) -> dict[str, Any]:
    """The official example request for an action, with the verifier's test key set."""
    body: dict[str, Any] = json.loads((EXAMPLES / f"{action}_v1_ex_1.json").read_text())
    body["integration_auth_token"] = "RETAILOPS_SDK"
    return body


@pytest.mark.parametrize("action", ACTIONS)
def test_example_is_answered_200_with_a_schema_valid_body(client: TestClient, action: str) -> None:
    body = example(action)
    request_validator(action).validate(body)  # the verifier checks its own example first
    response = client.post(f"/{action}_v1", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    payload = response.json()
    errors = sorted(target_validator(action).iter_errors(payload), key=str)
    assert not errors, errors
    assert isinstance(payload.get("events", []), list)


@pytest.mark.parametrize("action", ACTIONS)
def test_example_with_a_wrong_key_is_answered_401(client: TestClient, action: str) -> None:
    body = copy.deepcopy(example(action))
    body["integration_auth_token"] = "not-the-key"
    response = client.post(f"/{action}_v1", json=body)
    assert response.status_code == 401
    payload = response.json()
    assert payload["events"][0]["code"] == "AUTH"
    assert "not-the-key" not in response.text


def test_vendored_examples_match_the_official_ones() -> None:
    if not SHARED_EXAMPLES.is_dir():
        pytest.skip("../shared is not beside this checkout")
    vendored = REPO / "tests" / "data" / "retailops_examples"
    for path in SHARED_EXAMPLES.glob("*.json"):
        assert json.loads(path.read_text()) == json.loads((vendored / path.name).read_text()), path.name
