"""Field types shared by the RetailOps request and response models: strict ints, exact money,
aware datetimes and the contract's enums; imported by every model module here."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

__all__ = [
    "Bool",
    "CurrencyCode",
    "DateTimeText",
    "Int",
    "Items",
    "LenientBool",
    "Money",
    "NullableText",
    "PaymentProcessingType",
    "Quantity",
    "Refnum",
    "Sku",
    "Text",
    "parse_datetime",
    "parse_lenient_bool",
    "parse_money",
]

# RetailOps never sends "12" for an integer and a JSON true must not count as 1, so every
# integer field is strict; text fields are strict so a number never passes as a refnum.
# Ids are bounded to signed 64 bits, what the database's BIGINT columns (and SQLite) can hold.
Int = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]
# Shopify: "The total quantity can't be higher than 1,000,000,000" (InventorySetQuantitiesUserErrorCode
# INVALID_QUANTITY_TOO_HIGH); GraphQL `Int` is 32-bit, so quantities stay within ±10^9.
Quantity = Annotated[StrictInt, Field(ge=-1_000_000_000, le=1_000_000_000)]
Text = StrictStr
Bool = StrictBool

# Per-array limits of request bodies (README "Request limits"); past one the answer is 422 naming
# the field and the limit. order_pull answers at most 100 orders, so it re-fetches at most 100.
MAX_SPECIFIC_ORDERS = 100
# Acknowledgements of a few thousand orders are normal after an outage; 10,000 answer in ~1 s.
MAX_ACKNOWLEDGED_ORDERS = 10_000
MAX_INVENTORY_UPDATES = 20_000
# Any other array (order lines, shipments, packages, return items, transactions, rmas).
MAX_ITEMS = 1_000

ItemT = TypeVar("ItemT")
Items = Annotated[list[ItemT], Field(max_length=MAX_ITEMS)]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _no_control(value: str) -> str:
    """Refuse control characters in an identifier: they would end up in keys, queries and logs."""
    if _CONTROL.search(value):
        raise PydanticCustomError("identifier_control", "Identifiers must not contain control characters")
    return value


# channel_order_refnum / channel_refnum / channel_item_refnum: the numeric ids order_pull answers;
# 64 characters is what the order ledger and the write intents store.
Refnum = Annotated[StrictStr, Field(max_length=64), AfterValidator(_no_control)]
# A SKU: Shopify's variant SKU is at most 255 characters, as the inventory buffer stores it.
Sku = Annotated[StrictStr, Field(max_length=255), AfterValidator(_no_control)]

CurrencyCode = Literal["AUD", "CAD", "CHF", "EUR", "GBP", "HKD", "JPY", "MXN", "NZD", "PLN", "SGD", "USD"]
PaymentProcessingType = Literal["channel_payment", "channel_storecredit", "channel_giftcert", "authorize.net"]


# No amount RetailOps sends comes near this; past it, arithmetic at 28 digits could overflow.
MONEY_LIMIT = Decimal(10) ** 21


def parse_money(value: Any) -> Decimal:
    """Turn a JSON number (int, Decimal, or float from a non-Decimal parser) into a finite Decimal.

    Called as the validator of every `Money` field. Bools and strings are rejected because the
    schema says `number`; floats are converted through their shortest repr, which is the literal
    the JSON carried whenever it had at most 15 significant digits.
    """
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise PydanticCustomError("decimal_type", "Input should be a JSON number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PydanticCustomError("finite_number", "Input should be a finite number")
        number = Decimal(repr(value))
    else:
        number = Decimal(value) if isinstance(value, int) else value
    if not number.is_finite():
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    if abs(number) >= MONEY_LIMIT:
        raise PydanticCustomError("number_too_big", "Input should be less than 10^21 in magnitude")
    return number


# Any schema `number` (amounts, percentages, weights): JSON number in, Decimal in the model,
# JSON number with the same digits out.
Money = Annotated[Decimal, PlainValidator(parse_money)]


def parse_lenient_bool(value: Any) -> bool:
    """Accept a JSON boolean or the strings "true"/"false"/"1"/"0"; the `LenientBool` validator."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        spelled = value.strip().lower()
        if spelled in ("true", "1"):
            return True
        if spelled in ("false", "0"):
            return False
    raise PydanticCustomError("bool_parsing", 'Input should be a boolean or one of "true", "false", "1", "0"')


# `order_items[].removed` in the complete/returned/settle schemas is declared
# `"type": "string", "enum": [true, false]`, which no value satisfies; RetailOps sends a JSON
# boolean (as in order_update), so accept that or its string spellings and normalise to bool.
LenientBool = Annotated[bool, PlainValidator(parse_lenient_bool)]


def _null_text(value: Any) -> Any:
    """Map RetailOps' placeholder string "null" to None (the order_returned example sends it)."""
    if isinstance(value, str) and value.strip().lower() == "null":
        return None
    return value


# `retailops_rma_id`: a string, or the string "null" meaning "no RMA".
NullableText = Annotated[StrictStr | None, BeforeValidator(_null_text)]


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO 8601 date-time string to an aware datetime (naive means UTC).

    Called as the validator of `date_shipped` and `estimated_ship_date`. An empty string means
    "not given" and becomes None; anything else that is not an ISO 8601 date-time (the official
    examples' placeholder "string", a number) is a validation error on that field.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("datetime_from_iso", "Input should be an ISO 8601 date-time") from None
    else:
        raise PydanticCustomError("datetime_type", "Input should be an ISO 8601 date-time string")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


DateTimeText = Annotated[datetime | None, PlainValidator(parse_datetime)]
