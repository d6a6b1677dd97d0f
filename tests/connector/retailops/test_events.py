"""Events: constructors, associations, codes, and 422 events naming JSON paths."""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

import pytest
from pydantic import ValidationError

from connector.retailops.contract import example_request
from connector.retailops.events import (
    Association,
    EventCode,
    IdentifierType,
    error_event,
    info_event,
    json_path,
    validation_events,
    warning_event,
)
from connector.retailops.requests import OrderPullRequest, OrderSettlePaymentRequest


@pytest.mark.parametrize("identifier_type", get_args(IdentifierType))
def test_each_identifier_type_has_a_helper(identifier_type: str) -> None:
    association = getattr(Association, identifier_type)(42)
    assert association == Association(identifier_type=identifier_type, identifier="42")


def test_constructors_set_type_code_and_associations() -> None:
    refnum = Association.order_refnum("#1001")
    item = Association.orderitem_refnum("L-1")
    assert error_event(EventCode.UNKNOWN_ORDER, "gone", refnum).model_dump() == {
        "event_type": "error",
        "code": "UNKNOWN_ORDER",
        "message": "gone",
        "diagnostic_data": None,
        "associations": [{"identifier_type": "order_refnum", "identifier": "#1001"}],
    }
    warning = warning_event("CUSTOM", "partial", refnum, item, diagnostic_data="d")
    assert (warning.event_type, warning.code, warning.diagnostic_data) == ("warning", "CUSTOM", "d")
    assert warning.associations == [refnum, item]
    assert info_event(EventCode.QUEUED, "later").associations == []


def test_event_codes_are_their_own_names() -> None:
    assert all(code.value == code.name for code in EventCode)
    assert {"AUTH", "BAD_JSON", "INVALID_REQUEST", "QUEUED", "BAD_PAGE_TOKEN"} <= set(EventCode)


def test_association_refuses_unknown_identifier_type() -> None:
    with pytest.raises(ValidationError):
        Association.model_validate({"identifier_type": "customer_id", "identifier": "1"})


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (
            ("order", "shipments", 0, "packages", 1, "tracking_number"),
            "order.shipments[0].packages[1].tracking_number",
        ),
        ((0, "sku"), "[0].sku"),
        (("inventory_updates", 3), "inventory_updates[3]"),
        ((), "(body)"),
    ],
)
def test_json_path(loc: tuple[int | str, ...], path: str) -> None:
    assert json_path(loc) == path


def test_every_failing_field_gets_its_own_event() -> None:
    body = example_request("order_settle_payment")
    body["client_id"] = "497"
    body["payment"]["payment_transactions"][0]["amount"] = "100.32"
    body["order"]["shipments"][0]["packages"][0]["date_shipped"] = "string"
    with pytest.raises(ValidationError) as caught:
        OrderSettlePaymentRequest.model_validate(body)
    events = validation_events(caught.value)
    assert [event.message.split(":")[0] for event in events] == [
        "client_id",
        "order.shipments[0].packages[0].date_shipped",
        "payment.payment_transactions[0].amount",
    ]
    assert all(event.diagnostic_data for event in events)


def test_non_object_body_is_reported_at_the_root() -> None:
    with pytest.raises(ValidationError) as caught:
        OrderPullRequest.model_validate([1, 2])
    [event] = validation_events(caught.value)
    assert event.message.startswith("(body): ")


def test_json_mode_parsing_also_yields_exact_money() -> None:
    raw = (
        '{"action": "x", "version": 1, "client_id": 1, "channel_info": {"id": null},'
        ' "payment": {"payment_transactions": [{"amount": 100.32}]}}'
    )
    parsed = OrderSettlePaymentRequest.model_validate_json(raw)
    assert parsed.payment is not None
    assert parsed.payment.payment_transactions is not None
    assert parsed.payment.payment_transactions[0].amount == Decimal("100.32")
