"""Helpers for action tests: post an action with the real key and a minimal envelope."""

from __future__ import annotations

from typing import Any, Protocol

import pytest
from starlette.testclient import TestClient

from tests.conftest import AUTH_KEY


class Call(Protocol):
    def __call__(self, action: str, expect: int = 200, **fields: Any) -> dict[str, Any]: ...


@pytest.fixture
def call(client: TestClient) -> Call:
    """POST /<action>_v1 with the envelope filled in; asserts the status and answers the JSON body."""

    def post(action: str, expect: int = 200, **fields: Any) -> dict[str, Any]:
        body = {
            "integration_auth_token": AUTH_KEY,
            "action": action,
            "version": 1,
            "client_id": 1,
            "channel_info": {"id": 1},
            **fields,
        }
        response = client.post(f"/{action}_v1", json=body)
        assert response.status_code == expect, response.text
        result: dict[str, Any] = response.json()
        return result

    return post
