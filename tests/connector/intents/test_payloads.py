"""Payload types keep the stored JSON form (hence idempotency keys) and round-trip through it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from connector.intents.payloads import (
    CancelOrder,
    CompleteOrder,
    EditOrder,
    Fulfil,
    Payload,
    Refund,
    SettlePayment,
    TagOrder,
    UpdateTracking,
)
from connector.repo.intents import payload_hash

ORDER = "gid://shopify/Order/1"
LINE = "gid://shopify/LineItem/11"

CASES: list[tuple[Payload, dict[str, object]]] = [
    (TagOrder(ORDER, "1", "imported"), {"order_id": ORDER, "refnum": "1", "tag": "imported"}),
    (CancelOrder(ORDER, None), {"order_id": ORDER, "retailops_order_id": None}),
    (CompleteOrder(ORDER), {"order_id": ORDER}),
    (EditOrder(ORDER, ((LINE, 2),), ()), {"order_id": ORDER, "set": [[LINE, 2]], "add": []}),
    (
        Fulfil(ORDER, ((LINE, 1),), "1Z", "UPS", None),
        {"order_id": ORDER, "lines": [[LINE, 1]], "tracking_number": "1Z", "company": "UPS", "url": None},
    ),
    (
        Fulfil(ORDER, ((LINE, 1),), None, None, None, known_fulfillments=("gid://shopify/Fulfillment/9",)),
        {
            "order_id": ORDER,
            "lines": [[LINE, 1]],
            "tracking_number": None,
            "company": None,
            "url": None,
            "_known_fulfillments": ["gid://shopify/Fulfillment/9"],
        },
    ),
    (
        UpdateTracking(ORDER, ((LINE, 1),), "1Z", "UPS", "https://t", "gid://shopify/Fulfillment/9"),
        {
            "order_id": ORDER,
            "lines": [[LINE, 1]],
            "tracking_number": "1Z",
            "company": "UPS",
            "url": "https://t",
            "fulfillment_id": "gid://shopify/Fulfillment/9",
        },
    ),
    (
        Refund(
            "return:7",
            ORDER,
            ((LINE, 1),),
            "RETURN",
            None,
            Decimal("12.50"),
            "USD",
            False,
            "RetailOps return 7",
        ),
        {
            "key": "return:7",
            "order_id": ORDER,
            "lines": [[LINE, 1]],
            "restock_type": "RETURN",
            "shipping": None,
            "amount": "12.50",
            "currency": "USD",
            "to_store_credit": False,
            "note": "RetailOps return 7",
        },
    ),
    (
        SettlePayment(ORDER, Decimal("30.00"), Decimal("5.00")),
        {"order_id": ORDER, "amount": "30.00", "_captured_before": "5.00"},
    ),
]


@pytest.mark.parametrize(("payload", "stored"), CASES, ids=lambda c: type(c).__name__)
def test_stored_form_is_unchanged_and_round_trips(payload: Payload, stored: dict[str, object]) -> None:
    assert payload.to_json() == stored
    assert type(payload).from_json(json.loads(json.dumps(stored))) == payload
    assert payload.digest() == payload_hash(stored)


def test_snapshots_do_not_change_the_digest() -> None:
    plain = Fulfil(ORDER, ((LINE, 1),), None, None, None)
    snapshot = Fulfil(ORDER, ((LINE, 1),), None, None, None, known_fulfillments=("f",))
    assert plain.digest() == snapshot.digest()
    assert SettlePayment(ORDER, Decimal(3)).digest() == SettlePayment(ORDER, Decimal(3), Decimal(1)).digest()


def test_a_payload_missing_a_required_key_fails_to_decode() -> None:
    with pytest.raises(KeyError):
        TagOrder.from_json({"order_id": ORDER, "refnum": "1"})
