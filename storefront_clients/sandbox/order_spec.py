"""Values of a compact order description: its error, amounts and timestamps (order_builder and its parts)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .search import parse_when


class OrderSpecError(ValueError):
    """The compact description cannot be turned into an order (unknown SKU, bad field)."""


def dec(value: Any, default: str = "0") -> Decimal:
    """A described amount or rate as a Decimal, `default` when absent (order_builder and its parts)."""
    return Decimal(str(value if value is not None else default))


def spec_time(value: Any, fallback: datetime) -> datetime:
    """A described ISO timestamp, `fallback` when absent (order_builder and its parts)."""
    if value is None:
        return fallback
    parsed = parse_when(str(value))
    if parsed is None:
        raise OrderSpecError(f"bad timestamp {value!r}")
    return parsed
