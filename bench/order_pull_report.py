"""The order intake benchmark's per-page figures, its table and its verdict (bench_order_pull)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from bench.harness import RESTORE
from bench.report import operations, table, verdict
from connector.retailops.responses import MAX_ORDERS_PER_PAGE

TARGET_POINTS_PER_ORDER = 10.0
TARGET_OWN_P99_MS = 50.0


@dataclass
class Pull:
    """Per-page figures of one complete pull."""

    scale: float
    # (wall s, storefront s, database s, orders) per order_pull request
    pages: list[tuple[float, float, float, int]] = field(default_factory=list)
    refnums: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0
    sustained: float = 0.0
    profile: str = ""
    # order_sync: (orders mirrored, actual points, store calls) for the backfill and the steady state
    backfill: tuple[int, float, list[dict[str, Any]]] = (0, 0.0, [])
    steady: tuple[int, float, list[dict[str, Any]]] = (0, 0.0, [])

    @property
    def orders(self) -> int:
        """Orders offered in total."""
        return len(self.refnums)

    def own_ms(self) -> list[float]:
        """Connector's own real ms per page (storefront time excluded)."""
        return [(wall - store) * 1000 for wall, store, _db, _n in self.pages]

    def db_share(self) -> float:
        """Fraction of the connector's own time spent in `db.run`."""
        own = sum(wall - store for wall, store, _db, _n in self.pages)
        return sum(db for _w, _s, db, _n in self.pages) / own if own else 0.0

    def own_ms_per_100(self) -> float:
        """Connector's own real ms per 100 orders offered."""
        own = sum(self.own_ms())
        return own / self.orders * 100 if self.orders else 0.0

    def cost_per_order(self) -> float:
        """Actual points charged per order (every call of the run, failed ones included)."""
        actual = sum(c["actual_cost"] or 0 for c in self.calls)
        return actual / self.orders if self.orders else 0.0

    def later_orders(self) -> int:
        """Orders offered after the first page."""
        return sum(n for _w, _s, _db, n in self.pages[1:])

    def later_cost_per_order(self) -> float:
        """Actual points per order of the calls after the first page's (the sustained window)."""
        first = next((i for i, c in enumerate(self.calls) if _answered_page(c)), len(self.calls))
        first = next((i for i in range(first + 1, len(self.calls)) if _answered_page(self.calls[i])), first)
        actual = sum(c["actual_cost"] or 0 for c in self.calls[first + 1 :])
        return actual / self.later_orders() if self.later_orders() else 0.0

    def sustained_rate(self) -> float:
        """Orders per store second after the first page (the bucket has reached its steady level)."""
        return self.later_orders() / (self.sustained * self.scale) if self.sustained else 0.0


def _answered_page(call: dict[str, Any]) -> bool:
    """An order_pull page's own OrdersPage call (the cancellation scan asks for a tag and counts too)."""
    return call["operation"] == "OrdersPage" and call["error_code"] is None


def report(pull: Pull, expected: int, database: str) -> str:
    """The order intake table and verdict."""
    own = pull.own_ms()
    full = [ms for ms, (_w, _s, _d, n) in zip(own, pull.pages, strict=True) if n == MAX_ORDERS_PER_PAGE]
    p99 = _percentile(full or own, 0.99)
    mirrored, backfill_points, backfill_calls = pull.backfill
    new, steady_points, steady_calls = pull.steady
    per_order = steady_points / new if new else 0.0
    rate = pull.orders / pull.elapsed if pull.elapsed else 0.0
    rows: list[list[object]] = [
        ["order_sync backfill: orders read / actual points", f"{mirrored:,} / {backfill_points:,.0f}"],
        ["order_sync backfill: points per order", backfill_points / mirrored if mirrored else 0.0],
        ["steady state: new orders / actual points", f"{new} / {steady_points:,.0f}"],
        ["steady state: points per offered order", per_order],
        ["orders offered (distinct / expected)", f"{len(set(pull.refnums)):,} / {expected:,}"],
        ["order_pull pages", len(pull.pages)],
        ["orders per page (mean)", pull.orders / len(pull.pages) if pull.pages else 0.0],
        ["store calls during the pull", len(pull.calls)],
        ["connector own ms per page, median / p95 / max", _spread(own)],
        ["own ms per 100-order page, p99", p99],
        ["orders/s through order_pull (real time)", rate],
        ["share of own time in db.run (thread hop + SQL + commit)", f"{pull.db_share():.0%}"],
    ]
    ok = per_order <= TARGET_POINTS_PER_ORDER and p99 <= TARGET_OWN_P99_MS and not pull.calls
    lines = [
        f"order intake at Standard limits (bucket 2,000, restore {RESTORE:.0f}/s), time scale "
        f"{pull.scale:g}, {database}; the sandbox's own cost model (not calibrated to the captures)",
        table(["figure", "value"], rows),
        "backfill calls: " + operations(backfill_calls),
        "steady-state calls: " + operations(steady_calls),
        verdict(
            ok,
            f"{per_order:.1f} points per offered order (target ≤ {TARGET_POINTS_PER_ORDER:.0f}); "
            f"own time p99 {p99:.1f} ms per 100 orders (target ≤ {TARGET_OWN_P99_MS:.0f} ms); "
            f"{rate:,.0f} orders/s through order_pull",
        ),
    ]
    if pull.profile:
        lines.append(pull.profile)
    return "\n".join(lines)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f} / {ordered[-1]:.1f}"
