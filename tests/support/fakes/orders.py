"""Builders of StoreOrder values for tests that use the in-memory storefront."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from storefront_clients.base import (
    Address,
    Money,
    OrderLine,
    ShippingLine,
    StoreOrder,
    Transaction,
    TransactionKind,
)

BASE_TIME = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def usd(amount: str, currency: str = "USD") -> Money:
    """Money from a decimal string."""
    return Money(Decimal(amount), currency)


def line(
    n: int,
    sku: str,
    qty: int = 1,
    price: str = "10.00",
    *,
    unfulfilled: int | None = None,
    currency: str = "USD",
    gift_card: bool = False,
    requires_shipping: bool = True,
) -> OrderLine:
    """A line item with id gid://shopify/LineItem/<n>."""
    return OrderLine(
        id=f"gid://shopify/LineItem/{n}",
        title=f"Product {sku}",
        quantity=qty,
        current_quantity=qty,
        unfulfilled_quantity=qty if unfulfilled is None else unfulfilled,
        unit_price=usd(price, currency),
        total_discount=usd("0.00", currency),
        total_tax=usd("0.80", currency),
        sku=sku,
        variant_id=f"gid://shopify/ProductVariant/{n}",
        tax_rate=Decimal("0.08"),
        is_gift_card=gift_card,
        requires_shipping=requires_shipping,
    )


def order(
    n: int,
    *lines: OrderLine,
    financial: str = "PAID",
    currency: str = "USD",
    minutes: int = 0,
    transactions: tuple[Transaction, ...] | None = None,
) -> StoreOrder:
    """An order with id gid://shopify/Order/<n>, created `minutes` after BASE_TIME."""
    created = BASE_TIME + timedelta(minutes=minutes)
    total = sum((li.unit_price.amount * li.quantity for li in lines), Decimal(0))
    txns = (
        transactions
        if transactions is not None
        else (
            Transaction(
                f"gid://shopify/OrderTransaction/{n}",
                TransactionKind.SALE,
                "SUCCESS",
                "shopify_payments",
                Money(total, currency),
                card_company="Visa",
            ),
        )
    )
    return StoreOrder(
        id=f"gid://shopify/Order/{n}",
        legacy_id=str(n),
        name=f"#{n}",
        created_at=created,
        updated_at=created,
        currency=currency,
        shop_currency="USD",
        lines=lines,
        financial_status=financial,
        email="buyer@example.com",
        customer_name="Zoë Müller",
        shipping_address=Address(
            first_name="Zoë",
            last_name="Müller",
            address1="1 Main St",
            city="Springfield",
            province_code="IL",
            country_code="US",
            zip="62701",
        ),
        shipping_lines=(
            ShippingLine("Standard", usd("5.00", currency), usd("0.40", currency), usd("0", currency), "STD"),
        ),
        transactions=txns,
        total_tax=usd("1.20", currency),
        total_discounts=usd("0", currency),
    )


def one_package(tracking: str, *items: tuple[str, int], shipment_id: int = 1) -> dict[str, Any]:
    """An order_shipment_submit `shipment` of one package (id 1) with `tracking` and (refnum, qty) items."""
    package_items = [{"channel_item_refnum": ref, "quantity": qty} for ref, qty in items]
    package = {"retailops_package_id": 1, "tracking_number": tracking, "package_items": package_items}
    return {"retailops_shipment_id": shipment_id, "packages": [package]}
