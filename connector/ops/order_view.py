"""The order page: find an order by refnum, Shopify name or RetailOps id; one timeline of what happened."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from connector.db.tables import ConsoleAudit, IntentAttempt, OrderIssue, OrderLedger, WriteIntent
from connector.repo import attempts, audit, runs

MAX_MATCHES = 20
RUNS_PAGE = 20
# How each recorded attempt reads on the timeline, and its colour.
ATTEMPT_WORDS = {
    "applied": ("applied in the store", "ok"),
    "refused": ("refused by the store", "error"),
    "transient": ("throttled by the store (not applied), retried", "warn"),
    "ambiguous": ("no clear answer (it may have applied): held, then re-checked", "warn"),
}


@dataclass(frozen=True, slots=True)
class Event:
    """One line of an order's timeline."""

    at: datetime | None
    what: str
    detail: str = ""
    status: str = "ok"


@dataclass
class OrderView:
    """An order's ledger row, its write intents, issues, audit entries and the merged timeline."""

    ledger: OrderLedger | None
    refnum: str
    intents: list[WriteIntent] = field(default_factory=list)
    attempts: dict[str, list[IntentAttempt]] = field(default_factory=dict)
    audits: list[ConsoleAudit] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    runs: list[runs.OrderRunRow] = field(default_factory=list)
    runs_page: int = 1
    more_runs: bool = False


def search(session: Session, query: str) -> list[OrderLedger]:
    """Ledger rows whose refnum, Shopify name (#1001) or RetailOps order id match `query`."""
    q = query.strip()
    if not q:
        return []
    names = {q, q if q.startswith("#") else f"#{q}"}
    conditions = [col(OrderLedger.refnum) == q, col(OrderLedger.order_name).in_(sorted(names))]
    if q.isdigit() and len(q) <= 18:
        conditions.append(col(OrderLedger.retailops_order_id) == int(q))
    stmt = select(OrderLedger).where(or_(*conditions)).order_by(col(OrderLedger.id)).limit(MAX_MATCHES)
    return list(session.execute(stmt).scalars())


def _intent_detail(intent: WriteIntent) -> str:
    try:
        payload: dict[str, Any] = json.loads(intent.payload)
    except ValueError:
        payload = {}
    parts = []
    if payload.get("tracking_number"):
        parts.append(
            f"tracking {payload.get('company') or ''} {payload['tracking_number']}".replace("  ", " ")
        )
    if payload.get("lines"):
        parts.append(f"{len(payload['lines'])} line(s)")
    if payload.get("amount"):
        parts.append(f"amount {payload['amount']}")
    return ", ".join(parts)


def _attempt_event(number: int, tried: IntentAttempt) -> Event:
    """One kept attempt as a timeline line: outcome, duration, who made it, Shopify's answer."""
    words, status = ATTEMPT_WORDS.get(tried.outcome, (tried.outcome, "warn"))
    via = f"by the {tried.job} job" if tried.job else "in a request (RetailOps, or a console retry)"
    detail = f"{tried.duration_ms} ms {via}" + (f"; {tried.message}" if tried.message else "")
    return Event(tried.at, f"{tried.kind} attempt {number}: {words}", detail, status)


def _intent_events(intent: WriteIntent, tried: list[IntentAttempt]) -> list[Event]:
    detail = _intent_detail(intent)
    events = [
        Event(intent.created_at, f"{intent.kind} requested", f"{detail} (key {intent.idempotency_key})")
    ]
    if tried:
        # Numbered from the oldest kept attempt (the retention bound may have dropped older ones).
        return events + [_attempt_event(n, t) for n, t in enumerate(tried, start=1)]
    attempts = f"{intent.attempts} attempt(s)"
    if intent.status == "done":
        events.append(
            Event(intent.updated_at, f"{intent.kind} applied in the store", f"{attempts}; {detail}")
        )
    elif intent.status == "failed":
        events.append(
            Event(
                intent.updated_at,
                f"{intent.kind} refused by the store",
                f"{attempts}: {intent.last_error}",
                "error",
            )
        )
    elif intent.last_error:
        events.append(
            Event(
                intent.updated_at,
                f"{intent.kind} queued for retry",
                f"{attempts}: {intent.last_error}",
                "warn",
            )
        )
    return events


def view(session: Session, refnum: str, runs_page: int = 1) -> OrderView:
    """Everything known about one order, the timeline newest last, and one page of the runs touching it."""
    row = session.execute(select(OrderLedger).where(col(OrderLedger.refnum) == refnum)).scalar_one_or_none()
    result = OrderView(ledger=row, refnum=refnum, runs_page=runs_page)
    touched = runs.for_order(session, refnum, (runs_page - 1) * RUNS_PAGE, RUNS_PAGE + 1)
    result.runs, result.more_runs = touched[:RUNS_PAGE], len(touched) > RUNS_PAGE
    result.intents = list(
        session.execute(
            select(WriteIntent).where(col(WriteIntent.refnum) == refnum).order_by(col(WriteIntent.created_at))
        ).scalars()
    )
    keys = [i.idempotency_key for i in result.intents]
    result.attempts = attempts.of_intents(session, keys)
    result.audits = audit.for_targets(session, "intent", keys) + audit.for_target(session, "order", refnum)
    events: list[Event] = []
    if row is not None:
        events.append(Event(row.store_created_at, "placed in the store", row.order_name or ""))
        events.append(Event(row.first_pulled_at, "offered to RetailOps (order_pull)"))
        if row.acknowledged_at:
            events.append(
                Event(
                    row.acknowledged_at,
                    "acknowledged by RetailOps",
                    f"RetailOps order {row.retailops_order_id}",
                )
            )
        if row.tag_applied_at:
            events.append(Event(row.tag_applied_at, "imported tag applied in the store"))
        if row.cancelled_in_store_at:
            events.append(Event(row.cancelled_in_store_at, "cancelled in the store", "", "warn"))
        if row.cancel_offered_at:
            events.append(Event(row.cancel_offered_at, "cancellation offered to RetailOps"))
    issue = session.get(OrderIssue, refnum)
    if issue is not None:
        events.append(Event(issue.last_seen_at, "could not be offered", issue.message, "error"))
    for intent in result.intents:
        events += _intent_events(intent, result.attempts.get(intent.idempotency_key, []))
    for entry in result.audits:
        events.append(
            Event(
                entry.at,
                f"operator {entry.action}",
                f"{entry.actor}: {entry.note or ''} → {entry.outcome or ''}",
            )
        )
    result.timeline = sorted(events, key=lambda e: e.at.timestamp() if e.at else float("inf"))
    return result


def admin_order_url(shop: str | None, refnum: str) -> str | None:
    """The order in the Shopify admin (https://{shop}/admin/orders/{id})."""
    if not shop or not refnum.isdigit():
        return None
    return f"https://{shop}/admin/orders/{refnum}"
