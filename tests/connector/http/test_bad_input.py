"""Bad input never reaches a 5xx: every refusal is a JSON object with `events` and the right status."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.support.builders import official_example as example


def _events(response: Any) -> list[dict[str, Any]]:
    body = response.json()
    assert isinstance(body, dict)
    assert isinstance(body["events"], list)
    assert body["events"]
    for event in body["events"]:
        assert event["event_type"] in ("error", "warning", "info")
        assert event["code"]
        assert event["message"]
    return list(body["events"])


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2, 3]", "must be a JSON object"),
        (b'"text"', "must be a JSON object"),
        (b"null", "must be a JSON object"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"a": NaN}', "not valid JSON"),
    ],
)
def test_unusable_bodies_are_400(client: TestClient, raw: bytes, fragment: str) -> None:
    response = client.post("/order_pull_v1", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400
    events = _events(response)
    assert events[0]["code"] == "BAD_JSON"
    assert fragment in events[0]["message"]


def test_deep_nesting_is_refused_before_parsing(client: TestClient) -> None:
    raw = b'{"a":' * 5000 + b"1" + b"}" * 5000
    response = client.post("/order_pull_v1", content=raw)
    assert response.status_code == 400
    assert "nests deeper" in _events(response)[0]["message"]


def test_brackets_inside_strings_do_not_count_as_nesting(client: TestClient) -> None:
    body = example("order_pull")
    body["note"] = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"
    response = client.post("/order_pull_v1", json=body)
    assert response.status_code == 200


def test_body_over_the_limit_is_413_without_reading_it_all(client: TestClient) -> None:
    limit = client.app.state.services.settings.connector_max_body_bytes  # type: ignore[attr-defined]
    response = client.post("/inventory_push_v1", content=b" " * (limit + 1))
    assert response.status_code == 413
    assert _events(response)[0]["code"] == "PAYLOAD_TOO_LARGE"


def test_streamed_body_over_the_limit_is_413(client: TestClient) -> None:
    limit = client.app.state.services.settings.connector_max_body_bytes  # type: ignore[attr-defined]

    def chunks() -> Any:
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536

    response = client.post("/inventory_push_v1", content=chunks())
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("action", "mutate", "path"),
    [
        ("order_acknowledge", lambda b: b.update(version="one"), "version"),
        (
            "order_acknowledge",
            lambda b: b["orders"][0].update(retailops_order_id="x"),
            "orders[0].retailops_order_id",
        ),
        (
            "inventory_push",
            lambda b: b["inventory_updates"][0].update(quantity_available=True),
            "inventory_updates[0].quantity_available",
        ),
        (
            "order_shipment_submit",
            lambda b: b["shipment"]["packages"][0].update(date_shipped="yesterday"),
            "shipment.packages[0].date_shipped",
        ),
        ("order_cancel", lambda b: b.pop("order"), "order"),
        ("order_pull", lambda b: b.pop("client_id"), "client_id"),
        (
            "order_settle_payment",
            lambda b: b["payment"].update(currency_code="XXX"),
            "payment.currency_code",
        ),
    ],
)
def test_schema_violations_are_422_naming_the_field(
    client: TestClient, action: str, mutate: Any, path: str
) -> None:
    body = example(action)
    mutate(body)
    response = client.post(f"/{action}_v1", json=body)
    assert response.status_code == 422, response.text
    messages = [e["message"] for e in _events(response)]
    assert any(m.startswith(path + ":") for m in messages), messages


def test_missing_token_is_401(client: TestClient) -> None:
    body = example("catalog_get_config")
    del body["integration_auth_token"]
    response = client.post("/catalog_get_config_v1", json=body)
    assert response.status_code == 401
    assert _events(response)[0]["code"] == "AUTH"


def test_auth_is_checked_before_schema_validation(client: TestClient) -> None:
    body = {"integration_auth_token": "wrong", "version": "not-an-int"}
    response = client.post("/order_pull_v1", json=body)
    assert response.status_code == 401


def test_unknown_path_is_404_json(client: TestClient) -> None:
    response = client.post("/order_teleport_v1", json=example("order_pull"))
    assert response.status_code == 404
    assert _events(response)[0]["code"] == "NOT_FOUND"


def test_wrong_method_is_405_json(client: TestClient) -> None:
    response = client.get("/order_pull_v1")
    assert response.status_code == 405
    assert _events(response)[0]["code"] == "METHOD_NOT_ALLOWED"


def test_dispatch_is_on_the_path_not_the_action_field(client: TestClient) -> None:
    body = example("catalog_get_config")
    body["action"] = "SDK.something.else"
    response = client.post("/catalog_get_config_v1", json=body)
    assert response.status_code == 200
    assert response.json()["sku_fanout"] == "related_skus"
