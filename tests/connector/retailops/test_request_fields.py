"""Request fields: schema quirks (TemplateOutput, removed, "null" RMA), dates, money, enums."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from connector.retailops.contract import example_request
from connector.retailops.requests import (
    REQUEST_MODELS,
    CatalogPushRequest,
    OrderReturnedRequest,
    OrderSettlePaymentRequest,
    OrderShipmentSubmitRequest,
    OrderUpdateRequest,
)
from tests.connector.retailops.invalid import invalid_messages as _messages


@pytest.mark.parametrize("key", ["template_output", "TemplateOutput"])
def test_catalog_push_accepts_both_template_output_spellings(key: str) -> None:
    body = example_request("catalog_push")
    del body["template_output"]
    body[key] = {"products": [{"sku": "S1", "price": Decimal("19.99")}]}
    parsed = CatalogPushRequest.model_validate(body)
    assert parsed.template_output == {"products": [{"sku": "S1", "price": Decimal("19.99")}]}


def test_catalog_push_template_output_must_be_an_object() -> None:
    body = example_request("catalog_push")
    body["template_output"] = [1, 2]
    assert _messages(CatalogPushRequest, body)[0].startswith("template_output: ")


def _with_item(action: str, item: dict[str, Any]) -> dict[str, Any]:
    body = example_request(action)
    body["order"]["order_items"] = [item]
    return body


@pytest.mark.parametrize("action", ["order_complete", "order_returned", "order_settle_payment"])
@pytest.mark.parametrize(
    ("sent", "expected"),
    [(True, True), (False, False), ("true", True), ("false", False), ("1", True), ("0", False)],
)
def test_removed_string_quirk_normalised_to_bool(action: str, sent: Any, expected: bool) -> None:
    parsed = REQUEST_MODELS[action].model_validate(_with_item(action, {"removed": sent}))
    order = getattr(parsed, "order")  # noqa: B009 - every model in this parametrisation has it
    assert order.order_items[0].removed is expected


@pytest.mark.parametrize("action", ["order_complete", "order_returned", "order_settle_payment"])
@pytest.mark.parametrize("sent", ["yes", 1, 0, "", "truthy"])
def test_removed_string_quirk_rejects_other_values(action: str, sent: Any) -> None:
    messages = _messages(REQUEST_MODELS[action], _with_item(action, {"removed": sent}))
    assert messages[0].startswith("order.order_items[0].removed: ")


@pytest.mark.parametrize("sent", ["true", 1])
def test_order_update_removed_is_a_real_boolean(sent: Any) -> None:
    body = example_request("order_update")
    body["order"]["order_items"][0]["removed"] = sent
    assert _messages(OrderUpdateRequest, body)[0].startswith("order.order_items[0].removed: ")
    body["order"]["order_items"][0]["removed"] = False
    parsed = OrderUpdateRequest.model_validate(body)
    assert parsed.order is not None
    assert parsed.order.order_items is not None
    assert parsed.order.order_items[0].removed is False


@pytest.mark.parametrize(("sent", "expected"), [("null", None), ("NULL", None), (None, None), ("R-7", "R-7")])
def test_rma_id_null_string(sent: Any, expected: str | None) -> None:
    body = example_request("order_returned")
    body["return"]["retailops_rma_id"] = sent
    parsed = OrderReturnedRequest.model_validate(body)
    assert parsed.return_ is not None
    assert parsed.return_.retailops_rma_id == expected


def test_return_parses_under_its_json_name() -> None:
    parsed = OrderReturnedRequest.model_validate(example_request("order_returned"))
    assert parsed.return_ is not None
    assert parsed.return_.retailops_return_id == 87
    assert parsed.return_.refund_amt == Decimal(30)
    assert parsed.return_.items is not None
    assert parsed.return_.items[0].sku == "132"


def _package(body: dict[str, Any]) -> dict[str, Any]:
    package: dict[str, Any] = body["shipment"]["packages"][0]
    return package


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("2016-04-08T21:13:11Z", datetime(2016, 4, 8, 21, 13, 11, tzinfo=UTC)),
        ("2016-04-08T21:13:11", datetime(2016, 4, 8, 21, 13, 11, tzinfo=UTC)),
        (
            "2016-04-08T14:13:11-07:00",
            datetime(2016, 4, 8, 14, 13, 11, tzinfo=timezone(timedelta(hours=-7))),
        ),
        ("", None),
    ],
)
def test_date_shipped_parses_to_aware_datetime(sent: str, expected: datetime | None) -> None:
    body = example_request("order_shipment_submit")
    _package(body)["date_shipped"] = sent
    parsed = OrderShipmentSubmitRequest.model_validate(body)
    assert parsed.shipment is not None
    assert parsed.shipment.packages is not None
    shipped = parsed.shipment.packages[0].date_shipped
    assert shipped == expected
    if shipped is not None:
        assert shipped.tzinfo is not None


@pytest.mark.parametrize("sent", ["string", "08/04/2016", 1460149991, True])
def test_date_shipped_junk_is_an_error_naming_the_field(sent: Any) -> None:
    body = example_request("order_shipment_submit")
    _package(body)["date_shipped"] = sent
    messages = _messages(OrderShipmentSubmitRequest, body)
    assert messages == [messages[0]]
    assert messages[0].startswith("shipment.packages[0].date_shipped: ")


def test_estimated_ship_date_parses_and_rejects_junk() -> None:
    body = example_request("order_update")
    parsed = OrderUpdateRequest.model_validate(body)
    assert parsed.order is not None
    assert parsed.order.order_items is not None
    assert parsed.order.order_items[0].estimated_ship_date == datetime(2016, 4, 8, 21, 13, 11, tzinfo=UTC)
    body["order"]["order_items"][0]["estimated_ship_date"] = "soon"
    assert _messages(OrderUpdateRequest, body)[0].startswith("order.order_items[0].estimated_ship_date: ")


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (Decimal("100.32"), Decimal("100.32")),
        (100, Decimal(100)),
        (Decimal("0.10"), Decimal("0.10")),
        (100.32, Decimal("100.32")),
        (Decimal("12345678901234567890.123456789"), Decimal("12345678901234567890.123456789")),
    ],
)
def test_money_is_exact_decimal(sent: Any, expected: Decimal) -> None:
    body = example_request("order_settle_payment")
    body["payment"]["payment_transactions"][0]["amount"] = sent
    parsed = OrderSettlePaymentRequest.model_validate(body)
    assert parsed.payment is not None
    assert parsed.payment.payment_transactions is not None
    amount = parsed.payment.payment_transactions[0].amount
    assert isinstance(amount, Decimal)
    assert str(amount) == str(expected)


@pytest.mark.parametrize("sent", [True, "100.32", Decimal("NaN"), float("inf"), [1], {}])
def test_money_rejects_non_numbers(sent: Any) -> None:
    body = example_request("order_settle_payment")
    body["payment"]["payment_transactions"][0]["amount"] = sent
    messages = _messages(OrderSettlePaymentRequest, body)
    assert messages[0].startswith("payment.payment_transactions[0].amount: ")


def test_app_style_parsing_keeps_money_exact() -> None:
    raw = (
        '{"action": "order_settle_payment", "version": 1, "client_id": 1, "channel_info": {},'
        ' "payment": {"payment_transactions": [{"amount": 0.1000000000000000055511151231257827}]}}'
    )
    body = json.loads(raw, parse_float=Decimal)
    parsed = OrderSettlePaymentRequest.model_validate(body)
    assert parsed.payment is not None
    assert parsed.payment.payment_transactions is not None
    assert parsed.payment.payment_transactions[0].amount == Decimal("0.1000000000000000055511151231257827")


@pytest.mark.parametrize("sent", ["Visa", "JPY"])
def test_enums_are_enforced(sent: str) -> None:
    body = example_request("order_settle_payment")
    body["payment"]["currency_code"] = sent
    if sent == "JPY":
        assert OrderSettlePaymentRequest.model_validate(body).payment is not None
        body["payment"]["payment_transactions"][0]["transaction_type"] = "capture"
        expected = "payment.payment_transactions[0].transaction_type: "
    else:
        expected = "payment.currency_code: "
    assert _messages(OrderSettlePaymentRequest, body)[0].startswith(expected)


def test_null_for_optional_fields_is_accepted() -> None:
    body = example_request("order_pull")
    body["page_token"] = None
    body["specific_orders"] = None
    parsed = REQUEST_MODELS["order_pull"].model_validate(body)
    assert getattr(parsed, "page_token") is None  # noqa: B009 - typed via the registry
