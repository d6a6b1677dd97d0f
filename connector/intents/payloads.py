"""One payload type per intent kind; each knows its JSON form (the stored row, hashed for keys).

Keys starting with "_" are snapshots of the store taken when the intent was first recorded (used to
recognise an earlier attempt that applied); `repo.intents.payload_hash` leaves them out.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, ClassVar, Self

from connector.catalog.codec import from_payload, to_payload
from connector.repo.intents import payload_hash
from storefront_clients.base import ProductInput

Pairs = tuple[tuple[str, int], ...]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _pairs(raw: Any) -> Pairs:
    return tuple((str(k), int(v)) for k, v in raw)


def _decimal(raw: Any) -> Decimal | None:
    return Decimal(raw) if raw is not None else None


@dataclass(frozen=True)
class Payload(ABC):
    """What an intent of one kind asks the store to do; `KIND` names the kind."""

    KIND: ClassVar[str]

    def to_json(self) -> dict[str, Any]:
        """The stored JSON form; a field's `key` metadata renames it, `omit_none` drops it when None."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None and f.metadata.get("omit_none"):
                continue
            out[f.metadata.get("key", f.name)] = _plain(value)
        return out

    @classmethod
    @abstractmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Rebuild the payload from its stored form (the engine calls this before performing)."""

    def digest(self) -> str:
        """Stable digest of what was asked (snapshots excluded), used in idempotency keys."""
        return payload_hash(self.to_json())


@dataclass(frozen=True)
class TagOrder(Payload):
    """Add the imported tag to an acknowledged order."""

    KIND: ClassVar[str] = "tag_order"
    order_id: str
    refnum: str
    tag: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(order_id=data["order_id"], refnum=data["refnum"], tag=data["tag"])


@dataclass(frozen=True)
class UpsertProduct(Payload):
    """productSet one whole product (catalog_push)."""

    KIND: ClassVar[str] = "upsert_product"
    product: ProductInput

    def to_json(self) -> dict[str, Any]:
        return to_payload(self.product)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(product=from_payload(data))


@dataclass(frozen=True)
class CancelOrder(Payload):
    """Cancel an order (order_cancel)."""

    KIND: ClassVar[str] = "cancel_order"
    order_id: str
    retailops_order_id: int | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(order_id=data["order_id"], retailops_order_id=data.get("retailops_order_id"))


@dataclass(frozen=True)
class CompleteOrder(Payload):
    """Remove unshipped units and close an order (order_complete)."""

    KIND: ClassVar[str] = "complete_order"
    order_id: str
    # Snapshots of an attempt: units it removed, and the RefundInput it sent (resent as is).
    removed_units: int | None = field(default=None, metadata={"key": "_removed_units", "omit_none": True})
    refund_input: dict[str, Any] | None = field(
        default=None, metadata={"key": "_refund_input", "omit_none": True}
    )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(
            order_id=data["order_id"],
            removed_units=data.get("_removed_units"),
            refund_input=data.get("_refund_input"),
        )


@dataclass(frozen=True)
class EditOrder(Payload):
    """Set line quantities (`set`: line id, quantity) and add variants (`add`: variant id, quantity)."""

    KIND: ClassVar[str] = "edit_order"
    order_id: str
    set: Pairs
    add: Pairs
    # The order's lines when the edit was recorded: tells a line an unanswered earlier attempt
    # added from one the customer ordered.
    lines_before: tuple[str, ...] | None = field(
        default=None, metadata={"key": "_lines_before", "omit_none": True}
    )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        before = data.get("_lines_before")
        return cls(
            order_id=data["order_id"],
            set=_pairs(data["set"]),
            add=_pairs(data["add"]),
            lines_before=tuple(before) if before is not None else None,
        )


@dataclass(frozen=True)
class Fulfil(Payload):
    """Ship one package's lines with its tracking (order_shipment_submit).

    `known_fulfillments` lists the order's fulfillments before the package was written; absent on
    a payload recorded without that snapshot.
    """

    KIND: ClassVar[str] = "fulfil"
    order_id: str
    lines: Pairs
    tracking_number: str | None
    company: str | None
    url: str | None
    known_fulfillments: tuple[str, ...] | None = field(
        default=None, metadata={"key": "_known_fulfillments", "omit_none": True}
    )
    # Fulfillments attempts of this package created (one per location), remembered as they are made.
    created: tuple[str, ...] | None = field(default=None, metadata={"key": "_created", "omit_none": True})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        known = data.get("_known_fulfillments")
        return cls(
            order_id=data["order_id"],
            lines=_pairs(data["lines"]),
            tracking_number=data.get("tracking_number"),
            company=data.get("company"),
            url=data.get("url"),
            known_fulfillments=tuple(known) if known is not None else None,
            created=tuple(data["_created"]) if data.get("_created") is not None else None,
        )


@dataclass(frozen=True)
class UpdateTracking(Payload):
    """Replace a shipped package's tracking on its fulfillment."""

    KIND: ClassVar[str] = "update_tracking"
    order_id: str
    lines: Pairs
    tracking_number: str | None
    company: str | None
    url: str | None
    fulfillment_id: str
    # Every fulfillment of the package (one per location); absent on older payloads.
    fulfillment_ids: tuple[str, ...] | None = field(default=None, metadata={"omit_none": True})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        ids = data.get("fulfillment_ids")
        return cls(
            order_id=data["order_id"],
            lines=_pairs(data["lines"]),
            tracking_number=data.get("tracking_number"),
            company=data.get("company"),
            url=data.get("url"),
            fulfillment_id=data["fulfillment_id"],
            fulfillment_ids=tuple(ids) if ids is not None else None,
        )


@dataclass(frozen=True)
class Refund(Payload):
    """One refund per RetailOps return, sent with `key` as Shopify's idempotency key (order_returned)."""

    KIND: ClassVar[str] = "refund"
    key: str
    order_id: str
    lines: Pairs
    restock_type: str
    shipping: Decimal | None
    amount: Decimal | None
    currency: str | None
    to_store_credit: bool
    note: str | None
    # The exact RefundInput of the first attempt, resent as is (see performers/refund.py).
    refund_input: dict[str, Any] | None = field(
        default=None, metadata={"key": "_refund_input", "omit_none": True}
    )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(
            refund_input=data.get("_refund_input"),
            key=data["key"],
            order_id=data["order_id"],
            lines=_pairs(data["lines"]),
            restock_type=data["restock_type"],
            shipping=_decimal(data.get("shipping") or None),
            amount=_decimal(data.get("amount")),
            currency=data.get("currency"),
            to_store_credit=data["to_store_credit"],
            note=data.get("note"),
        )


@dataclass(frozen=True)
class SettlePayment(Payload):
    """Capture (or mark paid) `amount`; `captured_before` is what was captured when it was recorded."""

    KIND: ClassVar[str] = "settle_payment"
    order_id: str
    amount: Decimal
    captured_before: Decimal = field(default=Decimal(0), metadata={"key": "_captured_before"})
    # What a partial capture of a single-capture authorization gave up (Shopify released it).
    released: Decimal | None = field(default=None, metadata={"key": "_released", "omit_none": True})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(
            order_id=data["order_id"],
            amount=Decimal(data["amount"]),
            captured_before=Decimal(data.get("_captured_before", "0")),
            released=_decimal(data.get("_released")),
        )
