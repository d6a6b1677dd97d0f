"""Page sizes that keep a query's requested cost under Shopify's 1,000-point ceiling.

Used by the order reads and SKU lookups: the largest page whose expected cost (our estimate,
corrected by the costs Shopify reported for the same operation) fits the budget, and the
shrink step after a ``MAX_COST_EXCEEDED`` answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from storefront_clients.shopify.pacer import MAX_QUERY_COST

MAX_PAGE = 250
# Headroom under the hard ceiling: costs of a shape can move a little between API versions.
COST_BUDGET = MAX_QUERY_COST * 0.9


@dataclass(frozen=True, slots=True)
class OrderSizes:
    """Page sizes of the connections nested in every order read."""

    # Sized for typical orders so pages hold many orders; larger orders are completed with
    # follow-up reads of their remaining line items.
    line_items: int = 25
    transactions: int = 10
    fulfillments: int = 5
    fulfillment_lines: int = 25
    shipping_lines: int = 3

    def variables(self) -> dict[str, int]:
        """The size variables of ``documents.ORDER_SIZE_VARIABLES``."""
        return {
            "lineItemsFirst": self.line_items,
            "transactionsFirst": self.transactions,
            "fulfillmentsFirst": self.fulfillments,
            "fulfillmentLinesFirst": self.fulfillment_lines,
            "shippingLinesFirst": self.shipping_lines,
        }

    def halved(self) -> OrderSizes:
        """Smaller nested pages (never below 1), for when even one order does not fit."""
        return replace(
            self,
            line_items=max(1, self.line_items // 2),
            fulfillment_lines=max(1, self.fulfillment_lines // 2),
            transactions=max(1, self.transactions // 2),
        )


def largest_fitting(limit: int, cost_of: Callable[[int], float], budget: float = COST_BUDGET) -> int:
    """The largest page size in 1..limit whose cost fits `budget` (0 when even 1 does not)."""
    low, high = 0, max(0, min(limit, MAX_PAGE))
    while low < high:
        middle = (low + high + 1) // 2
        if cost_of(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


def shrunk(size: int, requested: float | None) -> int:
    """The next page size after MAX_COST_EXCEEDED at `size` (proportional, at least halved)."""
    if requested and requested > 0:
        proportional = int(size * COST_BUDGET / requested)
        return max(0, min(proportional, size // 2))
    return size // 2


def with_sizes(variables: Mapping[str, Any], sizes: OrderSizes) -> dict[str, Any]:
    """`variables` plus the order size variables."""
    return {**variables, **sizes.variables()}


class ObservedCosts:
    """Requested costs Shopify reported per page size, for one query shape; predicts other sizes.

    A single learned ratio mispredicts when our estimate's shape differs from Shopify's (fixed
    overhead, sub-linear nesting), which makes page sizes oscillate. Interpolating between real
    observations, and extrapolating with the steeper of the last slope and the average cost per
    item, stays on the safe side of the 1,000-point cap without shrinking pages needlessly.
    """

    def __init__(self) -> None:
        self.points: dict[int, float] = {}

    def record(self, size: int, requested: float) -> None:
        """Remember what a page of `size` requested."""
        self.points[size] = requested

    def bracketed(self, size: int) -> bool:
        """True when `size` was observed or lies between two observations (interpolation is trusted)."""
        return size in self.points or (
            any(x < size for x in self.points) and any(x > size for x in self.points)
        )

    def predict(self, size: int) -> float | None:
        """Expected requested cost of a page of `size`, or None with no observation yet."""
        if not self.points:
            return None
        if size in self.points:
            return self.points[size]
        xs = sorted(self.points)
        lower = [x for x in xs if x < size]
        upper = [x for x in xs if x > size]
        if lower and upper:
            x0, x1 = lower[-1], upper[0]
            c0, c1 = self.points[x0], self.points[x1]
            return c0 + (c1 - c0) * (size - x0) / (x1 - x0)
        if upper:
            x1 = upper[0]
            return self.points[x1] * size / x1
        x1 = lower[-1]
        c1 = self.points[x1]
        slope = c1 / x1
        if len(lower) > 1:
            x0 = lower[-2]
            slope = max(slope, (c1 - self.points[x0]) / (x1 - x0))
        return c1 + slope * (size - x1)
