"""Lone surrogates, NUL and control characters, over-long ids and out-of-range numbers are refused
at the boundary with a 4xx naming the field; nothing below (database, store) ever sees them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.support.builders import AUTH_KEY
from tests.support.builders import official_example as example
from tests.support.fakes.storefront import FakeStorefront

PLACEHOLDER = "@@VALUE@@"


def _post_raw(client: TestClient, action: str, body: dict[str, Any], escaped: str) -> Any:
    """POST `body` with PLACEHOLDER replaced by a raw JSON string escape (e.g. `\\ud800`)."""
    raw = json.dumps(body).replace(PLACEHOLDER, escaped)
    return client.post(f"/{action}_v1", content=raw.encode(), headers={"content-type": "application/json"})


def _ack(refnum: Any) -> dict[str, Any]:
    body = example("order_acknowledge")
    body["integration_auth_token"] = AUTH_KEY
    body["orders"] = [{"channel_order_refnum": refnum, "retailops_order_id": 1}]
    return body


def _messages(response: Any) -> list[str]:
    events = response.json()["events"]
    assert events
    return [e["message"] for e in events]


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "x\\udc00y", "\\ud83d"])
def test_lone_surrogate_in_the_token_is_400(client: TestClient, escape: str) -> None:
    body = {**example("catalog_get_config"), "integration_auth_token": PLACEHOLDER}
    response = _post_raw(client, "catalog_get_config", body, escape)
    assert response.status_code == 400, response.text
    assert _messages(response)[0].startswith("integration_auth_token: ")
    assert "surrogate" in _messages(response)[0]


def test_lone_surrogate_in_a_refnum_is_400_and_never_reaches_the_store(
    client: TestClient, storefront: FakeStorefront
) -> None:
    response = _post_raw(client, "order_acknowledge", _ack(PLACEHOLDER), "\\ud800")
    assert response.status_code == 400, response.text
    assert _messages(response)[0].startswith("orders[0].channel_order_refnum: ")
    assert storefront.calls == []


def test_lone_surrogate_in_a_key_is_400(client: TestClient) -> None:
    body = _ack("1")
    body["orders"][0][PLACEHOLDER] = 1
    response = _post_raw(client, "order_acknowledge", body, "\\ud800")
    assert response.status_code == 400, response.text
    assert "a key in orders[0]" in _messages(response)[0]


def test_a_surrogate_pair_is_ordinary_text(client: TestClient) -> None:
    body = {
        **example("order_pull"),
        "integration_auth_token": AUTH_KEY,
        "page_token": "",
        "note": PLACEHOLDER,
    }
    response = _post_raw(client, "order_pull", body, "\\ud83d\\ude00")
    assert response.status_code == 200, response.text


def test_nul_anywhere_is_400(client: TestClient) -> None:
    response = _post_raw(client, "order_acknowledge", _ack(PLACEHOLDER), "ab\\u0000c")
    assert response.status_code == 400, response.text
    assert _messages(response)[0].startswith("orders[0].channel_order_refnum: ")
    assert "NUL" in _messages(response)[0]


@pytest.mark.parametrize("refnum", ["12\u000134", "12\u001b[31m", "12\n34", "\u009b12"])
def test_control_characters_in_identifiers_are_422(
    client: TestClient, storefront: FakeStorefront, refnum: str
) -> None:
    response = client.post("/order_acknowledge_v1", json=_ack(refnum))
    assert response.status_code == 422, response.text
    assert _messages(response)[0].startswith("orders[0].channel_order_refnum: ")
    assert storefront.calls == []


@pytest.mark.parametrize(
    ("action", "mutate", "path"),
    [
        ("order_acknowledge", lambda b: b["orders"][0].update(channel_order_refnum="9" * 65), "orders[0]"),
        ("order_acknowledge", lambda b: b["orders"][0].update(retailops_order_id=2**70), "orders[0]"),
        (
            "inventory_push",
            lambda b: b["inventory_updates"][0].update(quantity_available=2**40),
            "inventory_updates[0].quantity_available",
        ),
        (
            "inventory_push",
            lambda b: b["inventory_updates"][0].update(sku="S" * 256),
            "inventory_updates[0].sku",
        ),
        (
            "order_cancel",
            lambda b: b["order"].update(channel_order_refnum="1\u00002"),
            "order.channel_order_refnum",
        ),
        (
            "order_settle_payment",
            lambda b: b["payment"]["payment_transactions"][0].update(amount=10**30),
            "payment.payment_transactions[0].amount",
        ),
    ],
)
def test_out_of_range_values_are_refused_naming_the_field(
    client: TestClient, action: str, mutate: Any, path: str
) -> None:
    body = {**example(action), "integration_auth_token": AUTH_KEY}
    mutate(body)
    response = client.post(f"/{action}_v1", json=body)
    assert response.status_code in (400, 422), response.text
    assert any(m.startswith(path) for m in _messages(response)), _messages(response)
