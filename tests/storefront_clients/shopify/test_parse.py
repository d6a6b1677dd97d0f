"""Parsers on real captured answers: orders, lines, transactions, fulfillments, variants."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from storefront_clients.base import Money, TransactionKind
from storefront_clients.errors import PermanentStorefrontError
from storefront_clients.shopify import parse
from storefront_clients.shopify.parse_orders import (
    fulfillment,
    fulfillment_order,
    order,
    order_line,
    transaction,
)
from tests.support.captures import load_capture

MERCHANT_DETAIL = "very-big-test-store.myshopify.com/2026-04/orders/order-merchant-detail-read.json"


def test_order_from_merchant_detail_read() -> None:
    node = load_capture(MERCHANT_DETAIL)["response"]["data"]["order"]
    parsed = order(node)
    assert parsed.id == "gid://shopify/Order/6832000000000"
    assert parsed.name == "#1401"
    assert parsed.created_at == datetime(2026, 4, 22, 14, 5, tzinfo=UTC)
    assert parsed.updated_at.tzinfo is not None
    assert parsed.financial_status == "PARTIALLY_REFUNDED"
    assert parsed.fulfillment_status == "FULFILLED"
    assert parsed.tags == ("merchant-detail", "priority")
    assert parsed.note == "Leave at receiving desk"
    assert parsed.billing_address is not None
    assert parsed.billing_address.country_code == "CA"
    assert parsed.billing_address.province_code == "ON"
    assert parsed.shipping_address is not None
    assert parsed.shipping_address.phone == "+14165550100"
    assert parsed.total_tax == Money(Decimal("11.5"), "CAD")
    assert parsed.total_outstanding == Money(Decimal("0.0"), "CAD")
    assert parsed.closed is False
    assert parsed.cancelled_at is None


def test_order_lines_money_and_tax_from_capture() -> None:
    node = load_capture(MERCHANT_DETAIL)["response"]["data"]["order"]
    tee, mug = order(node).lines
    assert tee.sku == "TEE-MERCHANT"
    assert tee.quantity == 2
    assert tee.unit_price == Money(Decimal("45.0"), "CAD")
    assert tee.total_tax == Money(Decimal("10.0"), "CAD")
    assert tee.tax_rate == Decimal("0.13")
    assert tee.variant_id == "gid://shopify/ProductVariant/8001"
    assert mug.variant_id is None
    assert mug.total_tax.amount == 0
    assert mug.tax_rate is None


def test_order_shipping_transactions_fulfillments_from_capture() -> None:
    node = load_capture(MERCHANT_DETAIL)["response"]["data"]["order"]
    parsed = order(node)
    (shipping,) = parsed.shipping_lines
    assert shipping.title == "Standard"
    assert shipping.code == "STANDARD"
    assert shipping.price == Money(Decimal("12.0"), "CAD")
    assert shipping.tax == Money(Decimal("1.5"), "CAD")
    assert shipping.discount.amount == 0
    kinds = [t.kind for t in parsed.transactions]
    assert kinds == [TransactionKind.SALE, TransactionKind.REFUND]
    assert parsed.transactions[0].amount == Money(Decimal("134.5"), "CAD")
    assert parsed.transactions[0].capturable is None
    (shipment,) = parsed.fulfillments
    assert shipment.tracking[0].number == "TRACK1401"
    assert shipment.tracking[0].company == "Canada Post"
    assert shipment.lines[0].line_item_id == "gid://shopify/LineItem/7001"
    assert shipment.lines[0].quantity == 2


def test_presentment_money_preferred_over_shop_money() -> None:
    capture = load_capture(
        "harry-test-heelo.myshopify.com/2026-04/orders/orderMarkAsPaid-state-and-money.json"
    )
    payload = capture["cases"]["multiCurrency"]["response"]["payload"]["data"]["orderMarkAsPaid"]
    node = payload["order"]["transactions"][0]
    parsed = transaction(node, "USD")
    assert parsed is not None
    assert parsed.amount == Money(Decimal("12.5"), "USD")
    assert parse.money(node["amountSet"], shop=True) == Money(Decimal("17.01"), "CAD")


def test_committed_edit_lines_from_capture() -> None:
    capture = load_capture(
        "harry-test-heelo.myshopify.com/2026-04/orders/order-edit-existing-order-happy-path.json"
    )
    committed = capture["commitAdd"]["response"]["data"]["orderEditCommit"]["order"]
    lines = [order_line(n, "CAD") for n in parse.nodes(committed["lineItems"])]
    assert [line.id for line in lines][-1] == "gid://shopify/LineItem/19494085460274"
    assert lines[-1].unit_price == Money(Decimal("2629.95"), "CAD")
    assert lines[-1].current_quantity == 1


def test_fulfillment_from_fulfillment_create_capture() -> None:
    capture = load_capture(
        "harry-test-heelo.myshopify.com/2026-04/orders/fulfillment-create-multi-group.json"
    )
    node = capture["cases"]["validMultiGroup"]["response"]["data"]["fulfillmentCreate"]["fulfillment"]
    parsed = fulfillment(node)
    assert parsed.id == "gid://shopify/Fulfillment/8123962229042"
    assert parsed.status == "SUCCESS"
    assert parsed.tracking[0].url == "https://example.com/track/FCMG-VALID-1784498466446"
    assert parsed.lines[0].quantity == 2


def test_fulfillment_order_lines() -> None:
    node = {
        "id": "gid://shopify/FulfillmentOrder/1",
        "status": "OPEN",
        "assignedLocation": {"location": {"id": "gid://shopify/Location/9"}},
        "lineItems": {
            "nodes": [
                {
                    "id": "gid://shopify/FulfillmentOrderLineItem/5",
                    "remainingQuantity": 3,
                    "lineItem": {"id": "gid://shopify/LineItem/7"},
                }
            ]
        },
    }
    parsed = fulfillment_order(node)
    assert parsed.location_id == "gid://shopify/Location/9"
    assert parsed.lines[0].line_item_id == "gid://shopify/LineItem/7"
    assert parsed.lines[0].remaining_quantity == 3


def test_authorization_is_capturable_by_unsettled_amount() -> None:
    node = {
        "id": "gid://shopify/OrderTransaction/1",
        "kind": "AUTHORIZATION",
        "status": "SUCCESS",
        "gateway": "shopify_payments",
        "amountSet": {"presentmentMoney": {"amount": "20.00", "currencyCode": "EUR"}},
        "totalUnsettledSet": {"presentmentMoney": {"amount": "7.50", "currencyCode": "EUR"}},
        "paymentDetails": {"company": "Visa"},
        "createdAt": "2026-05-01T10:00:00-04:00",
    }
    parsed = transaction(node, "EUR")
    assert parsed is not None
    assert parsed.capturable == Money(Decimal("7.50"), "EUR")
    assert parsed.card_company == "Visa"
    assert parsed.created_at == datetime(2026, 5, 1, 14, 0, tzinfo=UTC)


def test_unknown_transaction_kind_is_skipped() -> None:
    assert transaction({"id": "x", "kind": "SOMETHING_NEW"}, "USD") is None


def test_variant_ref_requires_sku_item_and_product() -> None:
    node = {
        "id": "gid://shopify/ProductVariant/1",
        "sku": "A-1",
        "product": {"id": "gid://shopify/Product/2"},
        "inventoryItem": {"id": "gid://shopify/InventoryItem/3", "tracked": False},
    }
    ref = parse.variant_ref(node)
    assert ref is not None
    assert ref.inventory_item_id == "gid://shopify/InventoryItem/3"
    assert ref.tracked is False
    assert parse.variant_ref({**node, "sku": ""}) is None
    assert parse.variant_ref({**node, "inventoryItem": None}) is None


def test_malformed_values_raise_permanent() -> None:
    with pytest.raises(PermanentStorefrontError):
        parse.decimal("twelve")
    with pytest.raises(PermanentStorefrontError):
        parse.timestamp("yesterday")


def test_gid_helpers() -> None:
    assert parse.gid("Order", "123") == "gid://shopify/Order/123"
    assert parse.gid("Order", "gid://shopify/Order/5") == "gid://shopify/Order/5"
    assert parse.numeric_id("gid://shopify/CalculatedLineItem/19494084804914") == "19494084804914"
