"""Error mapping on real captured answers: userErrors, top-level GraphQL errors, HTTP statuses."""

from __future__ import annotations

import httpx
import pytest

from storefront_clients.errors import (
    AuthenticationError,
    NoAnswerError,
    NotFoundError,
    PermanentStorefrontError,
    ThrottledError,
    TransientStorefrontError,
    UserError,
)
from storefront_clients.shopify import errors
from tests.support.captures import load_capture

H = "harry-test-heelo.myshopify.com"
B = "very-big-test-store.myshopify.com"


def test_inventory_user_errors_keep_code_and_field() -> None:
    capture = load_capture(f"{H}/2026-04/products/inventorySetQuantities-name-validation.json")
    payload = capture["cases"]["duplicatePair"]["response"]["data"]["inventorySetQuantities"]
    error = errors.from_user_errors(payload["userErrors"], "inventorySetQuantities")
    assert type(error) is PermanentStorefrontError
    assert error.user_errors[0] == UserError(
        message="The combination of inventoryItemId and locationId must be unique.",
        code="NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        field=("input", "quantities", "0", "locationId"),
    )
    assert len(error.user_errors) == 2
    too_high = capture["cases"]["availableTooHigh"]["response"]["data"]["inventorySetQuantities"]
    mapped = errors.from_user_errors(too_high["userErrors"], "inventorySetQuantities")
    assert mapped is not None
    assert mapped.user_errors[0].code == "INVALID_QUANTITY_TOO_HIGH"


def test_successful_payload_has_no_error() -> None:
    capture = load_capture(f"{H}/2026-04/products/inventorySetQuantities-name-validation.json")
    payload = capture["cases"]["onHand"]["response"]["data"]["inventorySetQuantities"]
    assert errors.from_user_errors(payload["userErrors"], "inventorySetQuantities") is None


def test_refund_unknown_order_is_not_found() -> None:
    capture = load_capture(f"{H}/2025-01/orders/refund-create-user-errors-and-quantities.json")
    payload = capture["unknownOrder"]["response"]["data"]["refundCreate"]
    assert isinstance(errors.from_user_errors(payload["userErrors"], "refundCreate"), NotFoundError)
    over = capture["overRefundAmountNoAllow"]["response"]["data"]["refundCreate"]
    mapped = errors.from_user_errors(over["userErrors"], "refundCreate")
    assert type(mapped) is PermanentStorefrontError
    assert mapped.user_errors[0].field == ()
    assert "greater than net payment" in str(mapped)


def test_product_set_id_not_allowed_is_permanent() -> None:
    capture = load_capture(f"{H}/2026-04/products/product-set-id-not-allowed.json")
    payload = capture["idNotAllowed"]["response"]["data"]["productSet"]
    mapped = errors.from_user_errors(payload["userErrors"], "productSet")
    assert type(mapped) is PermanentStorefrontError
    assert mapped.user_errors[0].code == "ID_NOT_ALLOWED"


def test_fulfillment_create_user_errors() -> None:
    capture = load_capture(f"{H}/2026-04/orders/fulfillment-create-multi-group.json")
    unknown = capture["cases"]["unknownLater"]["response"]["data"]["fulfillmentCreate"]
    assert isinstance(errors.from_user_errors(unknown["userErrors"], "fulfillmentCreate"), NotFoundError)
    over = capture["cases"]["laterOverQuantity"]["response"]["data"]["fulfillmentCreate"]
    assert type(errors.from_user_errors(over["userErrors"], "fulfillmentCreate")) is PermanentStorefrontError


def test_mark_as_paid_twice_is_permanent() -> None:
    capture = load_capture(f"{H}/2026-04/orders/orderMarkAsPaid-state-and-money.json")
    payload = capture["cases"]["alreadyPaid"]["response"]["payload"]["data"]["orderMarkAsPaid"]
    mapped = errors.from_user_errors(payload["userErrors"], "orderMarkAsPaid")
    assert type(mapped) is PermanentStorefrontError
    assert mapped.user_errors[0].message == "Order cannot be marked as paid."


def test_top_level_resource_not_found() -> None:
    capture = load_capture(f"{B}/2025-01/orders/fulfillment-create-invalid-id.json")
    body = capture["mutation"]["response"]
    assert isinstance(errors.from_graphql_errors(body["errors"], "fulfillmentCreate"), NotFoundError)


def test_invalid_variable_is_permanent() -> None:
    capture = load_capture(f"{B}/2025-01/orders/order-edit-begin-missing-id.json")
    mapped = errors.from_graphql_errors(capture["mutation"]["response"]["errors"], "orderEditBegin")
    assert type(mapped) is PermanentStorefrontError
    assert "provided invalid value" in mapped.message


def test_access_denied_names_required_scope() -> None:
    raw = [
        {
            "message": "Access denied for heldByApp field.",
            "extensions": {"code": "ACCESS_DENIED", "requiredAccess": "`read_apps` access scope."},
        }
    ]
    mapped = errors.from_graphql_errors(raw, "FulfillmentOrders")
    assert type(mapped) is PermanentStorefrontError
    assert "read_apps" in mapped.message


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("THROTTLED", ThrottledError),
        ("MAX_COST_EXCEEDED", errors.MaxCostExceededError),
        ("INTERNAL_SERVER_ERROR", TransientStorefrontError),
        ("RESOURCE_NOT_FOUND", NotFoundError),
        ("SOMETHING_ELSE", PermanentStorefrontError),
    ],
)
def test_graphql_error_codes(code: str, expected: type) -> None:
    mapped = errors.from_graphql_errors([{"message": "x", "extensions": {"code": code}}], "Op")
    assert type(mapped) is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (429, ThrottledError),
        (500, TransientStorefrontError),
        (503, TransientStorefrontError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (422, PermanentStorefrontError),
    ],
)
def test_http_status_mapping(status: int, expected: type) -> None:
    response = httpx.Response(status, headers={"Retry-After": "2"}, json={"errors": "nope"})
    mapped = errors.from_status(response, "Op")
    assert type(mapped) is expected
    if status == 429:
        assert isinstance(mapped, ThrottledError)
        assert mapped.retry_after == 2.0


def test_transport_errors_are_transient() -> None:
    request = httpx.Request("POST", "https://shop.example/graphql.json")
    mapped = errors.from_transport(httpx.ReadTimeout("slow", request=request), "Op")
    # Transient, and marked as carrying no message of the store's (an intent keeps an earlier one).
    assert type(mapped) is NoAnswerError
    assert isinstance(mapped, TransientStorefrontError)
    assert "timed out" in mapped.message


def test_token_shaped_text_is_redacted() -> None:
    body = {"errors": "[API] Invalid API key or access token (shpat_0123456789abcdef0123456789abcdef)"}
    mapped = errors.from_status(httpx.Response(401, json=body), "Op")
    assert "shpat_" not in str(mapped)
    assert "[redacted]" in str(mapped)


def test_a_write_whose_key_is_still_in_flight_is_transient_not_refused() -> None:
    # refundCreate's userErrors are UserError (message only); inventory's carry the code.
    by_message = errors.from_user_errors(
        [{"field": None, "message": errors.CONCURRENT_MESSAGE}], "refundCreate"
    )
    by_code = errors.from_user_errors(
        [{"message": "busy", "code": errors.CONCURRENT_REQUEST}], "inventorySetQuantities"
    )
    refused = errors.from_user_errors([{"field": ["input"], "message": "Amount is too high"}], "refundCreate")
    assert isinstance(by_message, TransientStorefrontError)
    assert isinstance(by_code, TransientStorefrontError)
    assert isinstance(refused, PermanentStorefrontError)
