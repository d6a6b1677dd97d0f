"""Call-log summaries and plain-text tables for the benchmark reports."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CallStats:
    """The call log of one run, summarised for one operation."""

    calls: int
    throttled: int
    other_calls: int
    actual_cost: float
    requested_cost: float

    @classmethod
    def of(cls, calls: Sequence[dict[str, Any]], operation: str) -> CallStats:
        """Summarise the calls of `operation` (THROTTLED answers counted across all operations)."""
        mine = [c for c in calls if c["operation"] == operation and c["error_code"] is None]
        costs = [c["actual_cost"] for c in mine if c["actual_cost"] is not None]
        requested = [c["requested_cost"] for c in mine if c["requested_cost"] is not None]
        return cls(
            calls=len(mine),
            throttled=sum(1 for c in calls if c["error_code"] == "THROTTLED"),
            other_calls=len(calls) - len(mine),
            actual_cost=statistics.fmean(costs) if costs else 0.0,
            requested_cost=statistics.fmean(requested) if requested else 0.0,
        )


def operations(calls: Sequence[dict[str, Any]]) -> str:
    """'Opxn, …' for a call log, most frequent first."""
    counts = Counter(str(c["operation"]) + ("/" + c["error_code"] if c["error_code"] else "") for c in calls)
    return ", ".join(f"{op}x{n}" for op, n in counts.most_common())


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain fixed-width table: first column left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers], *[[_fmt(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(parts))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def verdict(ok: bool, text: str) -> str:
    """The one-line verdict under a table."""
    return ("PASS: " if ok else "MISS: ") + text
