"""Scenarios answered by real captured Shopify responses (the cassettes' bodies are the captures')."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront_clients.base import (
    CancelOptions,
    FulfillmentRequest,
    InventoryQuantity,
    LineEdit,
    ProductInput,
    ProductOption,
    RefundLine,
    RefundRequest,
    Tracking,
    VariantInput,
)
from storefront_clients.errors import NotFoundError, PermanentStorefrontError
from storefront_clients.shopify.client import ShopifyClient

from .scenario_base import H, Scenario, capture, open_unfulfilled


async def tags_add_capture(client: ShopifyClient) -> None:
    await client.add_tags("gid://shopify/Product/10230769844530", ["hermes-state"])


async def order_close_capture(client: ShopifyClient) -> None:
    await client.close_order("gid://shopify/Order/8733114401074")


async def order_cancel_capture(client: ShopifyClient) -> None:
    await client.cancel_order("gid://shopify/Order/8733114532146", CancelOptions(restock=False))


async def mark_paid_capture(client: ShopifyClient) -> None:
    await client.mark_paid("gid://shopify/Order/8733126754610")
    with pytest.raises(PermanentStorefrontError, match="cannot be marked as paid"):
        await client.mark_paid("gid://shopify/Order/8733126754610")


async def fulfillment_create_capture(client: ShopifyClient) -> None:
    request = FulfillmentRequest(
        "gid://shopify/Order/8979520028978",
        (
            (
                "gid://shopify/FulfillmentOrder/9921140097330",
                (("gid://shopify/FulfillmentOrderLineItem/20282999177522", 1),),
            ),
        ),
        Tracking("FCMG-VALID-1784498466446", "Hermes"),
    )
    shipment = await client.create_fulfillment(request)
    assert shipment == "gid://shopify/Fulfillment/8123962229042"
    with pytest.raises(NotFoundError, match="does not exist"):
        await client.create_fulfillment(request)


async def inventory_capture(client: ShopifyClient) -> None:
    item = "gid://shopify/InventoryItem/53228117295410"
    location = "gid://shopify/Location/106318430514"
    await client.set_inventory([InventoryQuantity(item, location, 4, compare_quantity=0)], "cassette-inv-ok")
    with pytest.raises(PermanentStorefrontError) as caught:
        await client.set_inventory([InventoryQuantity(item, location, 1_000_000_001)], "cassette-inv-high")
    assert caught.value.user_errors[0].code == "INVALID_QUANTITY_TOO_HIGH"


async def product_set_capture(client: ShopifyClient) -> None:
    product = ProductInput(
        handle="hermes-product-graph-1784466577198",
        title="Hermes Product Graph 1784466577198",
        options=(ProductOption("Color", ("Blue", "Black")),),
        variants=(
            VariantInput("GRAPH-BLUE-1784466577198", Decimal("79.99"), (("Color", "Blue"),)),
            VariantInput("GRAPH-BLACK-1784466577198", Decimal("69.99"), (("Color", "Black"),)),
        ),
    )
    result = await client.upsert_product(product)
    assert result.product_id == "gid://shopify/Product/10243923018034"
    with pytest.raises(PermanentStorefrontError) as caught:
        await client.upsert_product(product)
    assert caught.value.user_errors[0].code == "ID_NOT_ALLOWED"


async def order_edit_capture(client: ShopifyClient) -> None:
    with pytest.raises(PermanentStorefrontError, match="untrusted id"):
        await client.edit_order("gid://shopify/Order/8837456953650", [LineEdit(quantity=1, variant_id="0")])


async def refund_capture(client: ShopifyClient) -> None:
    paid = await open_unfulfilled(client)
    result = await client.refund(
        RefundRequest(paid.id, (RefundLine(paid.lines[0].id, 1),)), "cassette-refund-capture"
    )
    assert result.id == "gid://shopify/Refund/1028613374258"
    with pytest.raises(NotFoundError):
        await client.refund(
            RefundRequest(paid.id, (RefundLine(paid.lines[0].id, 1),)), "cassette-refund-unknown"
        )


MARK_PAID = f"{H}/2026-04/orders/orderMarkAsPaid-state-and-money.json"
MULTI = f"{H}/2026-04/orders/fulfillment-create-multi-group.json"
INV = f"{H}/2026-04/products/inventorySetQuantities-name-validation.json"
REFUNDS = f"{H}/2025-01/orders/refund-create-user-errors-and-quantities.json"
VALIDATION = f"{H}/2026-04/orders/order-edit-existing-order-validation.json"

CAPTURED: dict[str, Scenario] = {
    "capture_tags_add": Scenario(
        tags_add_capture,
        {"TagsAdd": [capture(f"{H}/2025-01/products/tags-add-parity.json", "mutation", "response")]},
    ),
    "capture_order_close": Scenario(
        order_close_capture,
        {"OrderClose": [capture(f"{H}/2026-04/orders/orderClose-parity.json", "mutation", "response")]},
    ),
    "capture_order_cancel": Scenario(
        order_cancel_capture,
        {"OrderCancel": [capture(f"{H}/2026-04/orders/orderCancel-parity.json", "mutation", "response")]},
    ),
    "capture_mark_paid": Scenario(
        mark_paid_capture,
        {
            "OrderMarkAsPaid": [
                capture(MARK_PAID, "cases", "unpaidSuccess", "response", "payload"),
                capture(MARK_PAID, "cases", "alreadyPaid", "response", "payload"),
            ]
        },
    ),
    "capture_fulfillment_create": Scenario(
        fulfillment_create_capture,
        {
            "FulfillmentCreate": [
                capture(MULTI, "cases", "validMultiGroup", "response"),
                capture(MULTI, "cases", "unknownLater", "response"),
            ]
        },
    ),
    "capture_inventory_set": Scenario(
        inventory_capture,
        {
            "InventorySetQuantities": [
                capture(INV, "cases", "onHand", "response"),
                capture(INV, "cases", "availableTooHigh", "response"),
            ]
        },
    ),
    "capture_product_set": Scenario(
        product_set_capture,
        {
            "ProductSet": [
                capture(f"{H}/2025-01/products/product-set-parity.json", "mutation", "response"),
                capture(f"{H}/2026-04/products/product-set-id-not-allowed.json", "idNotAllowed", "response"),
            ]
        },
    ),
    "capture_order_edit": Scenario(
        order_edit_capture,
        {
            "OrderEditBegin": [capture(VALIDATION, "mutation", "response")],
            "OrderEditAddVariant": [capture(VALIDATION, "invalidVariant", "response")],
        },
    ),
    "capture_refund_create": Scenario(
        refund_capture,
        {
            "RefundCreate": [
                capture(f"{H}/2025-01/orders/refund-create-full-parity.json", "mutation", "response"),
                capture(REFUNDS, "unknownOrder", "response"),
            ]
        },
    ),
}
