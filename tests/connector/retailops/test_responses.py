"""Response models: full and minimal answers validate against targetSchema, money stays exact."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import AwareDatetime, BaseModel, ValidationError

from connector.retailops.base import ResponseModel, dumps
from connector.retailops.contract import ACTIONS, target_schema, target_validator
from connector.retailops.events import Association, EventCode, error_event, info_event
from connector.retailops.orders import (
    ItemCurrencyValues,
    Order,
    OrderAttribute,
    OrderCurrencyValues,
    OrderLine,
)
from connector.retailops.responses import (
    RESPONSE_MODELS,
    ErrorResponse,
    LineItemWriteback,
    OrderPullResponse,
    OrderReturnedResponse,
    OrderUpdateResponse,
    OrderValuesWriteback,
    ReturnCredit,
)
from tests.connector.retailops.parity import merged, unwrap

MONEY = Decimal("1234567.891")


def _sample(annotation: Any, name: str, required_only: bool) -> Any:
    """A valid value for one field type; nested models filled the same way."""
    kind = unwrap(annotation)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return _build(kind, required_only)
    if get_origin(kind) is list:
        return [_sample(get_args(kind)[0], name, required_only)]
    if get_origin(kind) is Literal:
        return get_args(kind)[-1]
    samples: dict[type, Any] = {
        bool: True,
        int: 7,
        Decimal: MONEY,
        str: f"sample {name}",
        AwareDatetime: datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
    }
    return samples[kind]


def _build(model: type[BaseModel], required_only: bool) -> BaseModel:
    """An instance with every field set, or only the required ones."""
    values = {
        name: _sample(info.annotation, name, required_only)
        for name, info in model.model_fields.items()
        if info.is_required() or not required_only
    }
    return model(**values)


def _body(response: BaseModel) -> dict[str, Any]:
    """Render as the app does, then parse back as RetailOps would (exact decimals)."""
    assert isinstance(response, ResponseModel)
    raw = response.to_json_bytes()
    assert b"null" not in raw
    parsed: dict[str, Any] = json.loads(raw, parse_float=Decimal)
    return parsed


def _schema_errors(action: str, body: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in target_validator(action).iter_errors(body)]


def _absent_properties(schema: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """Schema properties that a fully populated answer failed to emit."""
    if isinstance(value, list):
        items = schema.get("items", {})
        return [miss for item in value for miss in _absent_properties(items, item, path + "[]")]
    if not isinstance(value, dict):
        return []
    properties, _ = merged(schema)
    missing = [f"{path}.{key}" for key in properties if key not in value]
    for key, sub in properties.items():
        if key in value:
            missing += _absent_properties(sub, value[key], f"{path}.{key}")
    return missing


@pytest.mark.parametrize("action", ACTIONS)
def test_fully_populated_response_validates(action: str) -> None:
    body = _body(_build(RESPONSE_MODELS[action], required_only=False))
    assert _schema_errors(action, body) == []
    assert _absent_properties(target_schema(action), body) == []
    assert isinstance(body["events"], list)
    assert body["events"][0]["associations"][0]["identifier"]


@pytest.mark.parametrize("action", ACTIONS)
def test_minimal_response_validates(action: str) -> None:
    model = RESPONSE_MODELS[action]
    body = _body(_build(model, required_only=True))
    assert _schema_errors(action, body) == []
    required = {info.alias or name for name, info in model.model_fields.items() if info.is_required()}
    # Besides the required fields only the arrays that are always written: events, orders.
    always = {"events", "orders"} if action == "order_pull" else {"events"}
    assert set(body) == required | always
    assert body["events"] == []


def test_full_response_money_is_a_json_number_with_exact_digits() -> None:
    raw = _build(RESPONSE_MODELS["order_pull"], required_only=False).model_dump()
    rendered = OrderPullResponse.model_validate(raw).to_json_bytes()
    assert b'"unit_price":1234567.891' in rendered
    assert b'"1234567.891"' not in rendered


def test_order_pull_answer_keeps_decimal_digits_and_dates() -> None:
    line = OrderLine(
        channel_item_refnum="L1",
        sku="S1",
        quantity=2,
        item_type="ship",
        currency_values=ItemCurrencyValues(
            unit_price=Decimal("19.90"), unit_tax=Decimal("0.1") + Decimal("0.2")
        ),
    )
    order = Order(
        channel_order_refnum="#1001",
        channel_date_created=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
        currency_code="EUR",
        currency_values=OrderCurrencyValues(shipping_amt=Decimal("12.50"), tax_amt=Decimal(3)),
        order_items=[line],
        tags=["vip"],
    )
    response = OrderPullResponse(next_page_token="", orders=[order])
    raw = response.to_json_bytes()
    assert b'"unit_price":19.90' in raw
    assert b'"unit_tax":0.3' in raw
    assert b'"shipping_amt":12.50' in raw
    assert b'"tax_amt":3' in raw
    assert b'"channel_date_created":"2024-01-02T03:04:05+02:00"' in raw
    body = json.loads(raw, parse_float=Decimal)
    assert _schema_errors("order_pull", body) == []
    assert body["next_page_token"] == ""
    assert body["orders"][0]["currency_values"]["shipping_amt"] == Decimal("12.50")


def test_utc_dates_are_written_with_z() -> None:
    order = Order(channel_order_refnum="1", channel_date_created=datetime(2024, 1, 2, tzinfo=UTC))
    assert order.to_json_dict()["channel_date_created"] == "2024-01-02T00:00:00Z"


def test_order_pull_limits() -> None:
    with pytest.raises(ValidationError, match="at most 100"):
        OrderPullResponse(
            next_page_token="t", orders=[Order(channel_order_refnum=str(i)) for i in range(101)]
        )
    with pytest.raises(ValidationError, match="at most 100"):
        Order(channel_order_refnum="1", tags=["t"] * 101)
    with pytest.raises(ValidationError, match="timezone"):
        Order(channel_order_refnum="1", channel_date_created=datetime(2024, 1, 2))  # naive
    with pytest.raises(ValidationError):
        Order(channel_order_refnum="1", ship_service_code="")


def test_attribute_limits_and_fitted() -> None:
    with pytest.raises(ValidationError):
        OrderAttribute(handle="h" * 101, value="ok")
    with pytest.raises(ValidationError):
        OrderAttribute(handle="ok", value="v")
    fitted = OrderAttribute.fitted("gift_note", "x" * 250)
    assert fitted is not None
    assert fitted.value == "x" * 100
    assert fitted.attribute_type == "text"
    assert OrderAttribute.fitted("a", "long enough") is None


def test_response_models_forbid_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="extra"):
        OrderUpdateResponse.model_validate({"events": [], "line_item": []})


def test_order_update_line_items_need_id_and_refnum() -> None:
    with pytest.raises(ValidationError, match="refnum"):
        LineItemWriteback.model_validate({"order_item_id": 5})
    response = OrderUpdateResponse(
        line_items=[LineItemWriteback(order_item_id=5, refnum="L1", quantity=0)],
        values=OrderValuesWriteback(tax_pct=Decimal("8.875")),
    )
    body = _body(response)
    assert _schema_errors("order_update", body) == []
    assert body["line_items"] == [{"order_item_id": 5, "refnum": "L1", "quantity": 0}]
    assert body["values"] == {"tax_pct": Decimal("8.875")}


def test_order_returned_answers_return_under_its_json_name() -> None:
    response = OrderReturnedResponse(return_=ReturnCredit(channel_store_credit_amount=20))
    assert response.to_json_bytes() == b'{"events":[],"return":{"channel_store_credit_amount":20}}'


def test_events_render_with_associations() -> None:
    event = error_event(
        EventCode.UNKNOWN_SKU,
        "SKU S-1 is not in the store",
        Association.sku_number("S-1"),
        Association.orderitem_id(5235),
        diagnostic_data="variant lookup returned nothing",
    )
    response = RESPONSE_MODELS["inventory_push"](events=[event, info_event(EventCode.QUEUED, "ok")])
    body = _body(response)
    assert _schema_errors("inventory_push", body) == []
    assert body["events"] == [
        {
            "event_type": "error",
            "code": "UNKNOWN_SKU",
            "message": "SKU S-1 is not in the store",
            "diagnostic_data": "variant lookup returned nothing",
            "associations": [
                {"identifier_type": "sku_number", "identifier": "S-1"},
                {"identifier_type": "orderitem_id", "identifier": "5235"},
            ],
        },
        {"event_type": "info", "code": "QUEUED", "message": "ok", "associations": []},
    ]


def test_error_response_validates_as_an_events_answer() -> None:
    body = _body(ErrorResponse(events=[error_event(EventCode.AUTH, "invalid token")]))
    assert body == {
        "events": [{"event_type": "error", "code": "AUTH", "message": "invalid token", "associations": []}]
    }
    assert _schema_errors("catalog_push", body) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"a": Decimal("1E+2"), "b": Decimal("-0.000"), "c": [1, True, None, "é\n"]},
            '{"a":1E+2,"b":-0.000,"c":[1,true,null,"é\\n"]}',
        ),
        (Decimal("12345678901234567890.000000001"), "12345678901234567890.000000001"),
    ],
)
def test_dumps_writes_exact_json(value: Any, expected: str) -> None:
    assert dumps(value) == expected.encode("utf-8")
    assert json.loads(expected, parse_float=Decimal) == json.loads(dumps(value), parse_float=Decimal)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), {1: "x"}, {"x"}])
def test_dumps_refuses_what_json_cannot_carry(value: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        dumps(value)
