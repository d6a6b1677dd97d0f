"""Resolvers of what makes an order wait: risk assessments, fulfilment holds and schedules."""

from __future__ import annotations

from typing import Any

from storefront_clients.sandbox.order_models import FulfillmentOrder, Order
from storefront_clients.sandbox.registry import Info, field

from .common import store_of

# RiskAssessmentResult, lowest first (schema enum descriptions: NONE gives no recommendation).
_LEVELS = ("NONE", "LOW", "MEDIUM", "HIGH")


@field("Order", "risk")
def order_risk(o: Order, _info: Info) -> dict[str, Any]:
    """The risk summary: one assessment per recorded level; the recommendation follows the worst."""
    # Source: schema OrderRiskSummary (assessments, recommendation: ACCEPT / INVESTIGATE / CANCEL / NONE).
    levels = o.risk_levels
    known = [lvl for lvl in levels if lvl in _LEVELS]
    worst = max(known, key=_LEVELS.index) if known else "NONE"
    if "PENDING" in levels or not levels:
        recommendation = "NONE"
    else:
        recommendation = {"HIGH": "CANCEL", "MEDIUM": "INVESTIGATE"}.get(worst, "ACCEPT")
    return {
        "recommendation": recommendation,
        "assessments": [{"riskLevel": lvl, "facts": [], "provider": None} for lvl in levels],
    }


@field("FulfillmentOrder", "status")
def fo_status(fo: FulfillmentOrder, info: Info) -> str:
    """The status; a SCHEDULED one reads OPEN once its fulfillAt has passed."""
    # Source: schema FulfillmentOrder.fulfillAt ("When this date and time is reached, the scheduled
    # fulfillment order is automatically transitioned to open").
    if fo.status == "SCHEDULED" and fo.fulfill_at is not None and fo.fulfill_at <= store_of(info).now():
        return "OPEN"
    return fo.status
