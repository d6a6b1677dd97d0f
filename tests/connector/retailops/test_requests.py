"""Request models: official examples parse, wrong types fail with the JSON path, extras kept."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from connector.retailops.contract import ACTIONS, example_request
from connector.retailops.events import validation_events
from connector.retailops.requests import (
    REQUEST_MODELS,
    InventoryPushRequest,
    OrderCancelRequest,
)
from tests.connector.retailops.invalid import invalid_messages as _messages


def test_every_official_example_parses(action: str, example: dict[str, Any]) -> None:
    parsed = REQUEST_MODELS[action].model_validate(example)
    assert parsed.integration_auth_token == "RETAILOPS_SDK"
    assert parsed.version == 1
    assert parsed.channel_info.id == example["channel_info"]["id"]


def test_registry_covers_exactly_the_eleven_actions() -> None:
    assert tuple(REQUEST_MODELS) == ACTIONS


@pytest.mark.parametrize(
    ("action", "path", "bad", "expected"),
    [
        (
            "order_shipment_submit",
            ("shipment", "packages", 0, "tracking_number"),
            12345,
            "shipment.packages[0].tracking_number: ",
        ),
        (
            "order_complete",
            ("order", "shipments", 0, "packages", 0, "package_items", 0, "quantity"),
            "3",
            "order.shipments[0].packages[0].package_items[0].quantity: ",
        ),
        (
            "order_settle_payment",
            ("payment", "payment_transactions", 0, "amount"),
            "100.32",
            "payment.payment_transactions[0].amount: ",
        ),
        (
            "order_returned",
            ("return", "items", 0, "credit_amt"),
            True,
            "return.items[0].credit_amt: ",
        ),
        (
            "inventory_push",
            ("inventory_updates", 0, "quantity_available"),
            True,
            "inventory_updates[0].quantity_available: ",
        ),
        (
            "order_update",
            ("order", "order_items", 0, "removed"),
            "yes",
            "order.order_items[0].removed: ",
        ),
        ("order_pull", ("specific_orders",), {"channel_refnum": "1"}, "specific_orders: "),
        ("catalog_get_config", ("channel_info", "id"), "21", "channel_info.id: "),
        (
            "order_acknowledge",
            ("orders", 0, "retailops_order_id"),
            1.5,
            "orders[0].retailops_order_id: ",
        ),
    ],
)
def test_wrong_nested_type_is_named_by_path(
    action: str, path: tuple[str | int, ...], bad: Any, expected: str
) -> None:
    body = example_request(action)
    target: Any = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = bad
    messages = _messages(REQUEST_MODELS[action], body)
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected), messages


@pytest.mark.parametrize("missing", ["action", "version", "client_id", "channel_info"])
def test_envelope_required_fields(missing: str) -> None:
    body = example_request("order_acknowledge")
    del body[missing]
    assert _messages(REQUEST_MODELS["order_acknowledge"], body) == [f"{missing}: Field required"]


def test_order_cancel_requires_order() -> None:
    body = example_request("order_cancel")
    del body["order"]
    assert _messages(REQUEST_MODELS["order_cancel"], body) == ["order: Field required"]


def test_token_is_optional_and_never_shown() -> None:
    body = example_request("order_cancel")
    del body["integration_auth_token"]
    assert REQUEST_MODELS["order_cancel"].model_validate(body).integration_auth_token is None
    body["integration_auth_token"] = "s3cret-token-value"
    parsed = REQUEST_MODELS["order_cancel"].model_validate(body)
    assert "s3cret" not in repr(parsed)
    assert "s3cret" not in json.dumps(parsed.model_dump(mode="json"))
    body["integration_auth_token"] = 42
    assert _messages(REQUEST_MODELS["order_cancel"], body) == [
        "integration_auth_token: Input should be a valid string"
    ]


def test_validation_event_never_echoes_the_input() -> None:
    body = example_request("order_cancel")
    body["order"]["channel_order_refnum"] = {"secret": "hunter2-xyz"}
    events = validation_events(_validation_error(OrderCancelRequest, body))
    assert events
    assert all("hunter2" not in (event.message + (event.diagnostic_data or "")) for event in events)


def _validation_error(model: type[Any], body: dict[str, Any]) -> ValidationError:
    try:
        model.model_validate(body)
    except ValidationError as exc:
        return exc
    raise AssertionError("body was accepted")


def test_unknown_fields_are_allowed_and_kept() -> None:
    body = example_request("inventory_push")
    body["future_field"] = {"x": 1}
    body["inventory_updates"][0]["warehouse"] = "W1"
    parsed = InventoryPushRequest.model_validate(body)
    assert parsed.model_extra == {"future_field": {"x": 1}}
    assert parsed.inventory_updates is not None
    assert parsed.inventory_updates[0].model_extra == {"warehouse": "W1"}
