"""An unexpected exception is answered once as JSON events, logged once, and the connection survives."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from connector.actions import HANDLERS
from connector.app import create_app
from connector.settings import Settings
from tests.support.builders import official_example as example
from tests.support.fakes.storefront import FakeStorefront
from tests.support.live import serving


async def _explode(_services: Any, _request: Any) -> Any:
    raise RuntimeError("boom: an unexpected bug")


def _local_port(response: httpx.Response) -> int:
    """The client-side port of the connection that carried `response`."""
    stream = response.extensions["network_stream"]
    return int(stream.get_extra_info("socket").getsockname()[1])


def test_unexpected_exception_keeps_the_keep_alive_connection(
    settings: Settings, storefront: FakeStorefront, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    monkeypatch.setitem(HANDLERS, "order_pull", _explode)
    app = create_app(settings, storefront_factory=lambda _s: storefront)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with serving(app) as url, httpx.Client(base_url=url, timeout=10, limits=limits) as http:
        with caplog.at_level(logging.ERROR, logger="connector"):
            failed = http.post(
                "/order_pull_v1", json=example("order_pull"), headers={"x-request-id": "rid-42"}
            )
        first_port = _local_port(failed)
        assert failed.status_code == 500
        assert failed.headers["x-request-id"] == "rid-42"
        assert failed.json()["events"][0]["code"] == "INTERNAL_ERROR"
        assert "boom" not in failed.text
        after = http.post("/catalog_get_config_v1", json=example("catalog_get_config"))
        assert after.status_code == 200
        # The same TCP connection carried both answers: the 500 did not make uvicorn drop it.
        assert _local_port(after) == first_port
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1, [r.getMessage() for r in logged]
    assert getattr(logged[0], "request_id", None) == "rid-42"
    assert "rid-42" in logged[0].getMessage()


def test_unexpected_exception_in_process_is_a_json_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(HANDLERS, "order_pull", _explode)
    response = client.post("/order_pull_v1", json=example("order_pull"))
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["events"][0]["code"] == "INTERNAL_ERROR"
    assert response.headers["x-request-id"]
