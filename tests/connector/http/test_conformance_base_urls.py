"""The verifier's procedure at both base-URL forms: `http://host` and, as its README writes it,
`http://host/` (joined to the href `/<action>_v1`, so every path starts with `//`)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from connector.retailops import ACTIONS, action_path, request_validator, target_validator
from tests.support.builders import official_example as example

BASE_URLS = ["http://testserver", "http://testserver/"]


@pytest.mark.parametrize("base_url", BASE_URLS)
@pytest.mark.parametrize("action", ACTIONS)
def test_example_is_200_and_schema_valid_at_each_base_url(
    client: TestClient, action: str, base_url: str
) -> None:
    body = example(action)
    request_validator(action).validate(body)
    response = client.post(base_url + action_path(action), json=body)
    assert response.status_code == 200, response.text
    assert not sorted(target_validator(action).iter_errors(response.json()), key=str)


@pytest.mark.parametrize("base_url", BASE_URLS)
@pytest.mark.parametrize("action", ACTIONS)
def test_wrong_key_is_401_at_each_base_url(client: TestClient, action: str, base_url: str) -> None:
    body = {**example(action), "integration_auth_token": "not-the-key"}
    response = client.post(base_url + action_path(action), json=body)
    assert response.status_code == 401
    assert response.json()["events"][0]["code"] == "AUTH"
    assert "not-the-key" not in response.text
