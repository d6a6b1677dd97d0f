"""The transactions of a described order's `payment` mode (called by order_builder.build_order)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import order_math
from .money import cents
from .order_models import Order, Transaction
from .order_spec import OrderSpecError
from .store import Store


def add_payments(store: Store, order: Order, desc: dict[str, Any]) -> None:
    """Record the order's transactions as `payment`, `gateway`, `payment_parts` and `plus` describe."""
    mode = desc.get("payment", "paid")
    total = order_math.total_price(order, False)
    card = desc.get("card_company", "Visa")
    gateway = desc.get("gateway", "shopify_payments")

    def add(kind: str, status: str, amount: Decimal, gw: str = gateway, manual: bool = False) -> None:
        parts = max(1, int(desc.get("payment_parts", 1)))
        share = cents(amount / parts)
        for n in range(parts):
            _one(kind, status, share if n < parts - 1 else amount - share * (parts - 1), gw, manual)

    def _one(kind: str, status: str, amount: Decimal, gw: str, manual: bool) -> None:
        txn = Transaction(
            id=store.next_id("OrderTransaction"),
            kind=kind,
            status=status,
            gateway=gw,
            amount=amount,
            parent_id=None,
            card_company=None if manual else card,
            manual_payment_gateway=manual,
            created_at=order.created_at,
            multi_capturable=kind == "AUTHORIZATION" and bool(desc.get("plus")) and gw == "shopify_payments",
        )
        order.transactions.append(txn)
        store.own("OrderTransaction", txn.id, order)

    if mode == "paid":
        add("SALE", "SUCCESS", total)
    elif mode == "authorized":
        add("AUTHORIZATION", "SUCCESS", total)
    elif mode == "partially_paid":
        add("SALE", "SUCCESS", cents(total / 2))
    elif mode in ("pending", "manual_pending"):
        add("SALE", "PENDING", total, desc.get("gateway", "Cash on Delivery (COD)"), manual=True)
    elif mode != "none":
        raise OrderSpecError(f"unknown payment {mode!r}")
