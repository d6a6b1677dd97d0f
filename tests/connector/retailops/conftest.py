"""Fixtures for the RetailOps model tests: official examples as the verifier sends them."""

from __future__ import annotations

from typing import Any

import pytest

from connector.retailops.contract import ACTIONS, example_request

TEST_KEY = "RETAILOPS_SDK"


@pytest.fixture(params=ACTIONS)
def action(request: pytest.FixtureRequest) -> str:
    """Each of the eleven action names in turn."""
    name: str = request.param
    return name


@pytest.fixture
def example(action: str) -> dict[str, Any]:
    """The action's official example with the verifier's test key set, as the verifier does."""
    body = example_request(action)
    body["integration_auth_token"] = TEST_KEY
    return body
