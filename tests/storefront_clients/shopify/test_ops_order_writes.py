"""Order writes of ShopifyClient against a scripted shop: edits, cancel, fulfil, pay, refund."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from storefront_clients.base import (
    CancelOptions,
    CancelReason,
    FulfillmentRequest,
    LineEdit,
    Money,
    RefundLine,
    RefundRequest,
    RestockType,
    Tracking,
)
from storefront_clients.errors import NotFoundError, PermanentStorefrontError, TransientStorefrontError

from .fakes import OperationShop, client_for
from .test_ops_orders import order_node


async def test_edit_order_maps_lines_to_calculated_lines() -> None:
    shop = OperationShop(
        OrderEditBegin=lambda v: {
            "orderEditBegin": {
                "calculatedOrder": {
                    "id": "gid://shopify/CalculatedOrder/5",
                    "lineItems": {"nodes": [{"id": "gid://shopify/CalculatedLineItem/11", "quantity": 2}]},
                },
                "userErrors": [],
            }
        },
        OrderEditSetQuantity=lambda v: {"orderEditSetQuantity": {"userErrors": []}},
        OrderEditAddVariant=lambda v: {"orderEditAddVariant": {"userErrors": []}},
        OrderEditCommit=lambda v: {"orderEditCommit": {"order": order_node(1), "userErrors": []}},
    )
    client = client_for(shop, location_id="42")
    after = await client.edit_order(
        "gid://shopify/Order/1",
        [
            LineEdit(quantity=1, line_item_id="gid://shopify/LineItem/11", restock=False),
            LineEdit(quantity=3, variant_id="900"),
        ],
    )
    assert after.id == "gid://shopify/Order/1"
    calls = dict(shop.calls)
    assert calls["OrderEditSetQuantity"]["lineItemId"] == "gid://shopify/CalculatedLineItem/11"
    assert calls["OrderEditSetQuantity"]["restock"] is False
    assert calls["OrderEditAddVariant"]["variantId"] == "gid://shopify/ProductVariant/900"
    assert calls["OrderEditAddVariant"]["locationId"] == "gid://shopify/Location/42"
    assert calls["OrderEditCommit"]["id"] == "gid://shopify/CalculatedOrder/5"


async def test_edit_order_unknown_line_is_not_found() -> None:
    shop = OperationShop(
        OrderEditBegin=lambda v: {
            "orderEditBegin": {"calculatedOrder": {"id": "c", "lineItems": {"nodes": []}}, "userErrors": []}
        }
    )
    with pytest.raises(NotFoundError):
        await client_for(shop).edit_order(
            "1", [LineEdit(quantity=1, line_item_id="gid://shopify/LineItem/5")]
        )


async def test_cancel_waits_for_job() -> None:
    shop = OperationShop(
        OrderCancel=lambda v: {
            "orderCancel": {"job": {"id": "gid://shopify/Job/1", "done": False}, "orderCancelUserErrors": []}
        },
        Job=[
            lambda v: {"job": {"id": v["id"], "done": False}},
            lambda v: {"job": {"id": v["id"], "done": True}},
        ],
    )
    await client_for(shop).cancel_order("1", CancelOptions(reason=CancelReason.CUSTOMER, refund=False))
    assert shop.operations() == ["OrderCancel", "Job", "Job"]
    sent = shop.calls[0][1]
    assert sent["reason"] == "CUSTOMER"
    assert sent["refundMethod"] == {"originalPaymentMethodsRefund": False}


async def test_cancel_job_past_deadline_is_transient() -> None:
    shop = OperationShop(
        OrderCancel=lambda v: {
            "orderCancel": {"job": {"id": "j", "done": False}, "orderCancelUserErrors": []}
        },
        Job=lambda v: {"job": {"id": "j", "done": False}},
    )
    with pytest.raises(TransientStorefrontError):
        await client_for(shop, cancel_deadline_seconds=3.0).cancel_order("1", CancelOptions())


async def test_cancel_user_errors_keep_code() -> None:
    shop = OperationShop(
        OrderCancel=lambda v: {
            "orderCancel": {
                "job": None,
                "orderCancelUserErrors": [
                    {
                        "field": ["orderId"],
                        "message": "Cannot cancel an order that has fulfillments",
                        "code": "INVALID",
                    }
                ],
            }
        }
    )
    with pytest.raises(PermanentStorefrontError) as caught:
        await client_for(shop).cancel_order("1", CancelOptions())
    assert caught.value.user_errors[0].code == "INVALID"


async def test_fulfillment_orders_keep_open_ones() -> None:
    shop = OperationShop(
        FulfillmentOrders=lambda v: {
            "order": {
                "id": "o",
                "fulfillmentOrders": {
                    "nodes": [
                        {
                            "id": "fo1",
                            "status": "OPEN",
                            "lineItems": {
                                "nodes": [{"id": "fol1", "remainingQuantity": 2, "lineItem": {"id": "li1"}}]
                            },
                        },
                        {"id": "fo2", "status": "CLOSED", "lineItems": {"nodes": []}},
                        {"id": "fo3", "status": "IN_PROGRESS", "lineItems": {"nodes": []}},
                    ]
                },
            }
        }
    )
    found = await client_for(shop).fulfillment_orders("1")
    assert [f.id for f in found] == ["fo1", "fo3"]
    assert found[0].lines[0].remaining_quantity == 2


async def test_fulfillment_orders_of_missing_order() -> None:
    with pytest.raises(NotFoundError):
        await client_for(OperationShop(FulfillmentOrders=lambda v: {"order": None})).fulfillment_orders("1")


async def test_create_fulfillment_input_and_no_resend_after_5xx() -> None:
    shop = OperationShop(FulfillmentCreate=lambda v: httpx.Response(502))
    request = FulfillmentRequest(
        order_id="1", lines=(("fo1", (("fol1", 2),)),), tracking=Tracking("T1", "UPS")
    )
    with pytest.raises(TransientStorefrontError):
        await client_for(shop).create_fulfillment(request)
    assert len(shop.calls) == 1
    sent = shop.calls[0][1]["fulfillment"]
    assert sent["lineItemsByFulfillmentOrder"] == [
        {"fulfillmentOrderId": "fo1", "fulfillmentOrderLineItems": [{"id": "fol1", "quantity": 2}]}
    ]
    assert sent["trackingInfo"] == {"number": "T1", "company": "UPS"}


async def test_capture_sends_amount_and_parses_transaction() -> None:
    shop = OperationShop(
        OrderCapture=lambda v: {
            "orderCapture": {
                "transaction": {
                    "id": "gid://shopify/OrderTransaction/9",
                    "kind": "CAPTURE",
                    "status": "SUCCESS",
                    "gateway": "shopify_payments",
                    "amountSet": {"presentmentMoney": {"amount": "5.00", "currencyCode": "EUR"}},
                    "parentTransaction": {"id": "gid://shopify/OrderTransaction/8"},
                },
                "userErrors": [],
            }
        }
    )
    txn = await client_for(shop).capture("1", "8", Money(Decimal("5.00"), "EUR"), final=True)
    assert txn.parent_id == "gid://shopify/OrderTransaction/8"
    assert txn.amount == Money(Decimal("5.00"), "EUR")
    assert shop.calls[0][1]["input"] == {
        "id": "gid://shopify/Order/1",
        "parentTransactionId": "gid://shopify/OrderTransaction/8",
        "amount": "5.00",
        "currency": "EUR",
        "finalCapture": True,
    }


def suggestion(*transactions: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "order": {
            "id": "gid://shopify/Order/1",
            "currencyCode": "USD",
            "presentmentCurrencyCode": "EUR",
            "suggestedRefund": {
                "amountSet": {"presentmentMoney": {"amount": "30.00", "currencyCode": "EUR"}},
                "suggestedTransactions": [
                    {
                        "gateway": gateway,
                        "kind": "SUGGESTED_REFUND",
                        "parentTransaction": {"id": parent},
                        "amountSet": {"presentmentMoney": {"amount": amount, "currencyCode": "EUR"}},
                        "maximumRefundableSet": {
                            "presentmentMoney": {"amount": amount, "currencyCode": "EUR"}
                        },
                    }
                    for parent, gateway, amount in transactions
                ],
            },
        }
    }


def refund_answer(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "refundCreate": {
            "refund": {
                "id": "gid://shopify/Refund/1",
                "totalRefundedSet": {"presentmentMoney": {"amount": "25.00", "currencyCode": "EUR"}},
            },
            "userErrors": [],
        }
    }


async def test_refund_allocates_amount_over_parent_transactions() -> None:
    shop = OperationShop(
        SuggestedRefund=lambda v: suggestion(
            ("p1", "gift_card", "10.00"), ("p2", "shopify_payments", "20.00")
        ),
        RefundCreate=refund_answer,
    )
    request = RefundRequest(
        order_id="1", lines=(RefundLine("11", 1, RestockType.RETURN, "5"),), amount=Decimal("25.00")
    )
    result = await client_for(shop).refund(request, "return-77")
    assert result.total == Money(Decimal("25.00"), "EUR")
    assert result.store_credit is None
    sent = dict(shop.calls)["RefundCreate"]
    assert sent["key"] == "return-77"
    assert [(t["parentId"], t["amount"]) for t in sent["input"]["transactions"]] == [
        ("p1", "10.00"),
        ("p2", "15.00"),
    ]
    assert sent["input"]["refundLineItems"] == [
        {
            "lineItemId": "gid://shopify/LineItem/11",
            "quantity": 1,
            "restockType": "RETURN",
            "locationId": "gid://shopify/Location/5",
        }
    ]
    assert sent["input"]["currency"] == "EUR"


async def test_refund_more_than_refundable_is_refused_before_sending() -> None:
    shop = OperationShop(SuggestedRefund=lambda v: suggestion(("p1", "manual", "10.00")))
    with pytest.raises(PermanentStorefrontError):
        await client_for(shop).refund(RefundRequest(order_id="1", amount=Decimal("11")), "k")
    assert shop.operations() == ["SuggestedRefund"]


async def test_refund_to_store_credit_uses_refund_methods() -> None:
    shop = OperationShop(
        SuggestedRefund=lambda v: suggestion(("p1", "manual", "30.00")), RefundCreate=refund_answer
    )
    result = await client_for(shop).refund(RefundRequest(order_id="1", to_store_credit=True), "k")
    sent = dict(shop.calls)["RefundCreate"]["input"]
    assert "transactions" not in sent
    assert sent["refundMethods"] == [
        {"storeCreditRefund": {"amount": {"amount": "30.00", "currencyCode": "EUR"}}}
    ]
    assert result.store_credit == Money(Decimal("30.00"), "EUR")


async def test_add_tags_and_close_and_mark_paid() -> None:
    shop = OperationShop(
        TagsAdd=lambda v: {"tagsAdd": {"node": {"id": v["id"]}, "userErrors": []}},
        OrderClose=lambda v: {"orderClose": {"order": {"id": "o", "closed": True}, "userErrors": []}},
        OrderMarkAsPaid=lambda v: {
            "orderMarkAsPaid": {
                "order": None,
                "userErrors": [{"field": ["id"], "message": "Order cannot be marked as paid."}],
            }
        },
    )
    client = client_for(shop)
    await client.add_tags("1", ["a", "a", "b"])
    await client.close_order("1")
    with pytest.raises(PermanentStorefrontError):
        await client.mark_paid("1")
    assert shop.calls[0][1] == {"id": "gid://shopify/Order/1", "tags": ["a", "b"]}
