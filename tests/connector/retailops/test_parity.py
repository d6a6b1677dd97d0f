"""Field-for-field parity of every request and response model with the packaged schemas."""

from __future__ import annotations

import copy

import pytest

from connector.retailops.contract import ACTIONS, request_schema, target_schema
from connector.retailops.requests import REQUEST_MODELS
from connector.retailops.responses import RESPONSE_MODELS
from tests.connector.retailops.parity import parity_problems


@pytest.mark.parametrize("action", ACTIONS)
def test_request_model_matches_request_schema(action: str) -> None:
    assert parity_problems("request", request_schema(action), REQUEST_MODELS[action]) == []


@pytest.mark.parametrize("action", ACTIONS)
def test_response_model_matches_target_schema(action: str) -> None:
    assert parity_problems("response", target_schema(action), RESPONSE_MODELS[action]) == []


def test_events_extension_only_where_the_schema_lacks_it() -> None:
    without_events = {a for a in ACTIONS if "events" not in target_schema(a)["properties"]}
    assert without_events == {"order_pull", "catalog_get_config"}


def test_drift_in_a_target_schema_is_detected() -> None:
    schema = copy.deepcopy(target_schema("order_pull"))
    order = schema["properties"]["orders"]["items"]["properties"]
    order["channel_order_refnum"]["type"] = "integer"
    order["tags"]["maxItems"] = 50
    order["currency_code"]["enum"].append("SEK")
    order["new_field"] = {"type": "string"}
    del order["ip_address"]
    problems = parity_problems("response", schema, RESPONSE_MODELS["order_pull"])
    assert sorted(p.split(":")[0] for p in problems) == [
        "orders[].channel_order_refnum",
        "orders[].channel_order_refnum",
        "orders[].currency_code",
        "orders[].currency_code",
        "orders[].ip_address",
        "orders[].new_field",
        "orders[].tags",
    ]


def test_drift_in_a_request_schema_is_detected() -> None:
    schema = copy.deepcopy(request_schema("order_shipment_submit"))
    package = schema["allOf"][1]["properties"]["shipment"]["properties"]["packages"]["items"]
    package["properties"]["weight_kg"]["type"] = "integer"
    package["properties"]["package_items"]["items"]["properties"]["quantity"]["type"] = "number"
    schema["allOf"][1]["required"] = ["shipment"]
    problems = parity_problems("request", schema, REQUEST_MODELS["order_shipment_submit"])
    assert sorted(p.split(":")[0] for p in problems) == [
        "shipment",
        "shipment.packages[].package_items[].quantity",
        "shipment.packages[].weight_kg",  # an integer comes back as Decimal
        "shipment.packages[].weight_kg",  # and accepts 7.5, which an integer field must not
    ]
