"""The `events` array every RetailOps answer carries: Event/Association models, the event-code
catalogue and constructors; used by the actions and by the app's 400/401/422 answers."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

__all__ = [
    "Association",
    "Event",
    "EventCode",
    "EventType",
    "IdentifierType",
    "error_event",
    "info_event",
    "validation_events",
    "warning_event",
]

EventType = Literal["error", "warning", "info"]
IdentifierType = Literal[
    "order_id",
    "order_refnum",
    "orderitem_id",
    "orderitem_refnum",
    "shipment_id",
    "shipmentitem_id",
    "product_id",
    "sku_number",
]


class EventCode(StrEnum):
    """Codes the connector puts in `events[].code`; RetailOps shows them to the merchant verbatim.

    The schema leaves `code` free-form, so this catalogue is the connector's own vocabulary.
    """

    AUTH = "AUTH"  # integration_auth_token missing or wrong (HTTP 401)
    BAD_JSON = "BAD_JSON"  # body is not a JSON object (HTTP 400)
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"  # body over the configured size limit (HTTP 413)
    INVALID_REQUEST = "INVALID_REQUEST"  # body does not match the action's request model (422)
    NOT_FOUND = "NOT_FOUND"  # no such action path
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"  # the path exists but only answers POST (HTTP 405)
    DUPLICATE = "DUPLICATE"  # a repeated request that was already applied; nothing changed
    UNKNOWN_SKU = "UNKNOWN_SKU"  # no storefront variant carries this SKU
    UNKNOWN_ORDER = "UNKNOWN_ORDER"  # no storefront order matches this refnum / id
    UNKNOWN_ORDER_ITEM = "UNKNOWN_ORDER_ITEM"  # the order has no line with this refnum
    BAD_PAGE_TOKEN = "BAD_PAGE_TOKEN"  # noqa: S105  # order_pull page_token tampered with or expired
    UNSUPPORTED = "UNSUPPORTED"  # valid request the storefront cannot carry out
    STOREFRONT_ERROR = "STOREFRONT_ERROR"  # storefront refused the change (permanent)
    STOREFRONT_UNAVAILABLE = "STOREFRONT_UNAVAILABLE"  # storefront down or throttled (transient)
    QUEUED = "QUEUED"  # accepted durably; the storefront write happens asynchronously
    PAYMENT_RELEASED = "PAYMENT_RELEASED"  # a single-capture authorization's rest was released
    FULFILLMENT_HELD = "FULFILLMENT_HELD"  # lines sit on a held or scheduled fulfillment order
    FULFILLMENT_SERVICE = "FULFILLMENT_SERVICE"  # lines are assigned to a fulfillment service
    CUSTOMER_DATA_WITHHELD = "CUSTOMER_DATA_WITHHELD"  # protected customer fields denied to the app
    UNSHIPPED_REMOVED = "UNSHIPPED_REMOVED"  # order_complete removed (and refunded) unshipped units
    INTERNAL_ERROR = "INTERNAL_ERROR"  # unexpected failure inside the connector


class Association(BaseModel):
    """One `{identifier_type, identifier}` pair tying an event to an order, item, shipment or SKU.

    Build one with the classmethod named after the identifier type:
    `Association.sku_number("S1")`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    identifier_type: IdentifierType
    identifier: StrictStr

    @classmethod
    def order_id(cls, value: int | str) -> Association:
        """Association with a RetailOps order id."""
        return cls(identifier_type="order_id", identifier=str(value))

    @classmethod
    def order_refnum(cls, value: int | str) -> Association:
        """Association with the channel's order reference number."""
        return cls(identifier_type="order_refnum", identifier=str(value))

    @classmethod
    def orderitem_id(cls, value: int | str) -> Association:
        """Association with a RetailOps order item id."""
        return cls(identifier_type="orderitem_id", identifier=str(value))

    @classmethod
    def orderitem_refnum(cls, value: int | str) -> Association:
        """Association with the channel's order item reference number."""
        return cls(identifier_type="orderitem_refnum", identifier=str(value))

    @classmethod
    def shipment_id(cls, value: int | str) -> Association:
        """Association with a RetailOps shipment id."""
        return cls(identifier_type="shipment_id", identifier=str(value))

    @classmethod
    def shipmentitem_id(cls, value: int | str) -> Association:
        """Association with a RetailOps shipment item id."""
        return cls(identifier_type="shipmentitem_id", identifier=str(value))

    @classmethod
    def product_id(cls, value: int | str) -> Association:
        """Association with a product id."""
        return cls(identifier_type="product_id", identifier=str(value))

    @classmethod
    def sku_number(cls, value: int | str) -> Association:
        """Association with a SKU."""
        return cls(identifier_type="sku_number", identifier=str(value))


class Event(BaseModel):
    """One entry of a response's `events` array.

    `message` and `diagnostic_data` are shown to merchants and stored by RetailOps: callers must
    never put tokens, keys or raw storefront credentials in them.
    """

    model_config = ConfigDict(extra="forbid")

    event_type: EventType
    code: StrictStr
    message: StrictStr
    diagnostic_data: StrictStr | None = None
    associations: list[Association] = Field(default_factory=list)


def _event(
    event_type: EventType,
    code: str,
    message: str,
    associations: tuple[Association, ...],
    diagnostic_data: str | None,
) -> Event:
    """Shared body of the three event constructors."""
    return Event(
        event_type=event_type,
        code=str(code),
        message=message,
        diagnostic_data=diagnostic_data,
        associations=list(associations),
    )


def error_event(
    code: str, message: str, *associations: Association, diagnostic_data: str | None = None
) -> Event:
    """An `error` event: `error_event(EventCode.UNKNOWN_SKU, "…", Association.sku_number(s))`."""
    return _event("error", code, message, associations, diagnostic_data)


def warning_event(
    code: str, message: str, *associations: Association, diagnostic_data: str | None = None
) -> Event:
    """A `warning` event: the request succeeded but something needs the merchant's attention."""
    return _event("warning", code, message, associations, diagnostic_data)


def info_event(
    code: str, message: str, *associations: Association, diagnostic_data: str | None = None
) -> Event:
    """An `info` event, e.g. `QUEUED` when a storefront write was accepted for later delivery."""
    return _event("info", code, message, associations, diagnostic_data)


def json_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as a JSON path: `order.shipments[0].packages[1].sku`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(body)"


# A body with thousands of bad items would answer thousands of events; the first ones say enough.
MAX_VALIDATION_EVENTS = 50


def validation_events(exc: ValidationError) -> list[Event]:
    """One INVALID_REQUEST error event per failing field (the first 50), named by its JSON path; for 422.

    Only the path, pydantic's message and the error type are reported, never the input value,
    so a secret in a mistyped field cannot leak into the answer.
    """
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    events = [
        error_event(
            EventCode.INVALID_REQUEST,
            f"{json_path(error['loc'])}: {error['msg']}",
            diagnostic_data=error["type"],
        )
        for error in errors[:MAX_VALIDATION_EVENTS]
    ]
    if len(errors) > MAX_VALIDATION_EVENTS:
        events.append(
            error_event(
                EventCode.INVALID_REQUEST,
                f"... and {len(errors) - MAX_VALIDATION_EVENTS} more invalid fields",
            )
        )
    return events
