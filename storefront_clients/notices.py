"""Field-level problems in answers that still carried data: collected per request, never fatal.

Shopify can answer `data` together with field-level `errors`: a field the app may not read
(`ACCESS_DENIED`, e.g. protected customer data: email, phone, addresses, names) comes back null
beside the rest, and a mutation's payload comes back although a field inside it was denied (capture
shipping-fulfillments/fulfillment-order-lifecycle.json, holdRelease: an applied fulfillmentOrderHold
with `heldByApp` denied). The transport reports such fields here; the connector's request layer
collects them for the answer's events and its metrics.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

# Leaf fields Shopify guards as protected customer data (shopify.dev/docs/apps/launch/protected-customer-data:
# "name, address, phone, and email fields").
PROTECTED_FIELDS = frozenset(
    {
        "email",
        "phone",
        "firstName",
        "lastName",
        "name",
        "displayName",
        "address1",
        "address2",
        "city",
        "zip",
        "province",
        "provinceCode",
        "company",
        "billingAddress",
        "shippingAddress",
        "customer",
        "defaultAddress",
        "addresses",
    }
)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One field Shopify left out of an answer, and why."""

    operation: str
    path: tuple[str, ...]
    code: str | None
    message: str
    required_access: str | None = None

    @property
    def field(self) -> str:
        """The field's name (last non-index part of its path)."""
        return next((p for p in reversed(self.path) if not p.isdigit()), "")

    @property
    def protected_customer_data(self) -> bool:
        """Whether this is a denied protected customer field."""
        return self.code == "ACCESS_DENIED" and self.field in PROTECTED_FIELDS


_SINK: contextvars.ContextVar[list[FieldProblem] | None] = contextvars.ContextVar(
    "storefront_field_problems", default=None
)


@contextmanager
def collect() -> Iterator[list[FieldProblem]]:
    """Collect the field problems of every store call made inside the block (and its tasks)."""
    found: list[FieldProblem] = []
    token = _SINK.set(found)
    try:
        yield found
    finally:
        _SINK.reset(token)


def report(problems: Sequence[FieldProblem]) -> None:
    """Record problems for the running collector, if any (the caller logs them either way)."""
    sink = _SINK.get()
    if sink is not None:
        sink.extend(problems)
