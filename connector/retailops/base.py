"""Base classes of the RetailOps models and the exact JSON encoder for their answers; used by
every request/response model here and by the app when it writes a response body."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, PlainSerializer
from pydantic_core import PydanticCustomError

__all__ = ["OutDateTime", "RequestModel", "ResponseModel", "dumps"]


class RequestModel(BaseModel):
    """Base of every request model and nested request object.

    Unknown fields are allowed (the schemas never forbid them) and kept in `model_extra`, so a
    field RetailOps adds later is neither an error nor lost.
    """

    model_config = ConfigDict(extra="allow", validate_by_name=True, validate_by_alias=True)


class ResponseModel(BaseModel):
    """Base of every response model and nested response object; typos in field names fail fast."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON object to answer with: schema names, None optionals dropped, Decimals kept.

        Decimals stay Decimal so no binary float ever touches a money amount; `dumps` (or
        `to_json_bytes`) writes them as JSON numbers with their exact digits.
        """
        return self.model_dump(mode="python", by_alias=True, exclude_none=True)

    def to_json_bytes(self) -> bytes:
        """The UTF-8 JSON body for this answer; what the app sends with status 200."""
        return dumps(self.to_json_dict())


def _format_datetime(value: datetime) -> str:
    """RFC 3339 text for an aware datetime, UTC written as `Z`."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _datetime_or_text(value: Any) -> Any:
    """Refuse numbers before AwareDatetime would read them as Unix timestamps."""
    if not isinstance(value, datetime | str):
        raise PydanticCustomError("datetime_type", "Input should be an aware datetime or RFC 3339 text")
    return value


# An aware datetime in a response (a datetime, or RFC 3339 text as `model_dump()` gives back),
# serialised as RFC 3339 text (schema `format: date-time`).
OutDateTime = Annotated[
    AwareDatetime,
    BeforeValidator(_datetime_or_text),
    PlainSerializer(_format_datetime, return_type=str),
]


def _encode(value: Any, out: list[str]) -> None:
    """Append the JSON text of `value` to `out`; Decimal becomes a JSON number, digits unchanged."""
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, Decimal | float):
        if not math.isfinite(value):
            raise ValueError("JSON cannot carry NaN or Infinity")
        # str(Decimal) is always a valid JSON number for a finite value ("12.50", "1E+2").
        out.append(str(value) if isinstance(value, Decimal) else float.__repr__(value))
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
            if not first:
                out.append(",")
            first = False
            out.append(encode_basestring(key))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, datetime):
        out.append(encode_basestring(_format_datetime(value)))
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps(value: Any) -> bytes:
    """Encode a `to_json_dict()` result (or any JSON value holding Decimals) as UTF-8 JSON."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out).encode("utf-8")
