"""The readiness gate: which mirrored orders order_pull may offer, and why the others wait.

Used by the mirror's page query (connector.repo.mirror), the /metrics gauges and the README's
"held or risky orders" section; the SQL filter and `waiting_reason` apply the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from connector.db.tables import OrderMirror
from connector.settings import Settings

# RiskAssessmentResult → rank; PENDING ranks above every level, so a pending assessment always waits.
RISK_RANK = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3, "PENDING": 100}
# Why a mirrored, unacknowledged open order is not offered (label values of the /metrics gauge).
REASONS = ("financial_status", "hold", "scheduled", "risk", "delay", "unmappable")


@dataclass(frozen=True, slots=True)
class Gate:
    """The configured gate: payable statuses, the risk rank that waits, the cooling-off delay."""

    financial_statuses: tuple[str, ...]
    risk_hold_rank: int
    delay: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> Gate:
        """The gate the settings describe."""
        return cls(
            financial_statuses=tuple(s.upper() for s in settings.connector_pull_financial_statuses),
            risk_hold_rank=RISK_RANK[settings.connector_risk_hold_level],
            delay=timedelta(seconds=settings.connector_order_delay_seconds),
        )


def waiting_reason(row: OrderMirror, gate: Gate, now: datetime) -> str | None:
    """The first reason an open, unacknowledged order waits, or None when it can be offered."""
    if (row.financial_status or "").upper() not in gate.financial_statuses:
        return "financial_status"
    if row.hold_reason is not None:
        return "hold"
    if row.scheduled and (row.scheduled_until is None or row.scheduled_until > now):
        return "scheduled"
    if row.risk_rank >= gate.risk_hold_rank:
        return "risk"
    if row.store_created_at > now - gate.delay:
        return "delay"
    if row.payload is None:
        return "unmappable"
    return None
