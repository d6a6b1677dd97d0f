"""Money helpers: Decimal amounts formatted the way Shopify prints them ("10.0", "12.5")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

CENT = Decimal("0.01")


def fmt_amount(value: Decimal) -> str:
    """Render an amount as Shopify does: no trailing zeros, but at least one decimal."""
    quantized = value.quantize(CENT, rounding=ROUND_HALF_EVEN)
    text = format(quantized.normalize(), "f")
    return text if "." in text else f"{text}.0"


def cents(value: Decimal) -> Decimal:
    """Round to the cent with banker's rounding (Shopify's rounding for allocations)."""
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Money:
    """An amount in one currency (GraphQL MoneyV2)."""

    amount: Decimal
    currency_code: str


@dataclass(frozen=True)
class MoneyBag:
    """Shop-currency and presentment-currency amounts of one value (GraphQL MoneyBag)."""

    shop_money: Money
    presentment_money: Money


def bag(presentment: Decimal, pres_currency: str, shop_currency: str, rate: Decimal) -> MoneyBag:
    """Build a MoneyBag from a presentment amount and the order's exchange rate."""
    return MoneyBag(
        shop_money=Money(cents(presentment * rate), shop_currency),
        presentment_money=Money(cents(presentment), pres_currency),
    )
