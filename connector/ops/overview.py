"""The operator overview: store and API version, bucket, jobs, backlog, freshness, last calls.

Built by the console's overview page (live, from this process) and by `status` (from the database
and the snapshot the serving process persisted); both render the same dictionary.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from connector.db.tables import IntentStatus, InventoryBuffer, OrderLedger, SyncRun, WriteIntent
from connector.db.types import utcnow
from connector.ops import exceptions
from connector.ops.snapshot import load_snapshot
from connector.retailops.contract import ACTIONS
from connector.settings import Settings

# A pending write that has waited this long is shown as long-queued.
LONG_QUEUED = timedelta(minutes=10)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def backlog(session: Session) -> dict[str, int]:
    """Inventory pending and parked, write intents queued and failed."""
    now = utcnow()
    pending = col(InventoryBuffer.seq) > col(InventoryBuffer.delivered_seq)
    inv_pending = session.execute(
        select(func.count()).select_from(InventoryBuffer).where(pending)
    ).scalar_one()
    inv_parked = session.execute(
        select(func.count())
        .select_from(InventoryBuffer)
        .where(
            pending, col(InventoryBuffer.last_error).is_not(None), col(InventoryBuffer.claimed_until) > now
        )
    ).scalar_one()
    by_status = dict(
        session.execute(select(col(WriteIntent.status), func.count()).group_by(col(WriteIntent.status))).all()
    )
    long_queued = session.execute(
        select(func.count())
        .select_from(WriteIntent)
        .where(
            col(WriteIntent.status) == IntentStatus.PENDING, col(WriteIntent.created_at) < now - LONG_QUEUED
        )
    ).scalar_one()
    return {
        "inventory_pending": int(inv_pending),
        "inventory_parked": int(inv_parked),
        "intents_queued": int(by_status.get(IntentStatus.PENDING, 0)),
        "intents_long_queued": int(long_queued),
        "intents_failed": int(by_status.get(IntentStatus.FAILED, 0)),
        "intents_done": int(by_status.get(IntentStatus.DONE, 0)),
    }


def order_freshness(session: Session) -> dict[str, Any]:
    """Newest order offered to RetailOps and acknowledgement counts, from the ledger."""
    newest_offered = session.execute(select(func.max(col(OrderLedger.store_created_at)))).scalar_one()
    last_pull = session.execute(select(func.max(col(OrderLedger.last_pulled_at)))).scalar_one()
    offered = session.execute(select(func.count()).select_from(OrderLedger)).scalar_one()
    acked = session.execute(
        select(func.count()).select_from(OrderLedger).where(col(OrderLedger.acknowledged_at).is_not(None))
    ).scalar_one()
    return {
        "newest_offered_created_at": _iso(newest_offered),
        "last_offered_at": _iso(last_pull),
        "orders_offered": int(offered),
        "orders_acknowledged": int(acked),
    }


def job_history(session: Session) -> dict[str, dict[str, Any]]:
    """The latest kept run (busy or failed) of each job, from sync_run."""
    latest = (
        select(col(SyncRun.job), func.max(col(SyncRun.started_at)).label("at")).group_by(col(SyncRun.job))
    ).subquery()
    rows = session.execute(
        select(SyncRun).join(
            latest, (col(SyncRun.job) == latest.c.job) & (col(SyncRun.started_at) == latest.c.at)
        )
    ).scalars()
    out: dict[str, dict[str, Any]] = {}
    for run in rows:
        out[run.job] = {
            "at": _iso(run.started_at),
            "outcome": "error" if run.error else "ok",
            "figures": run.error or run.figures,
        }
    return out


def build(session: Session, settings: Settings, live: dict[str, Any] | None) -> dict[str, Any]:
    """The overview; `live` is this process's snapshot (console), else the persisted one is used."""
    state = live if live is not None else (load_snapshot(session) or {})
    api = state.get("api") or {}
    answered = api.get("answered")
    pinned = settings.shopify_api_version
    kept_runs = job_history(session)
    runs: dict[str, dict[str, Any]] = {}
    for name, run in (state.get("runs") or {}).items():
        runs[name] = {"at": run.get("at"), "outcome": run.get("outcome"), "figures": run.get("figures")}
    for name, run in kept_runs.items():
        runs.setdefault(name, run)
        runs[name]["last_busy_at"] = run["at"]
    calls = state.get("calls") or {}
    return {
        "store": settings.shopify_shop or settings.shopify_admin_url,
        "state_from": "this process" if live is not None else (state.get("taken_at") or "no snapshot yet"),
        "api": {
            "pinned": pinned,
            "answered": answered,
            "answered_at": api.get("answered_at"),
            "mismatch": bool(answered and answered != pinned),
            "deprecations": api.get("deprecations") or [],
        },
        "bucket": {
            "reading": api.get("bucket"),
            "read_at": api.get("bucket_at"),
            "points_per_second": api.get("points_per_second") or {"job": 0.0, "request": 0.0},
        },
        "jobs": dict(sorted(runs.items())),
        "backlog": backlog(session),
        "exceptions": exceptions.counts(session),
        "orders": order_freshness(session),
        "calls": {action: calls.get(action) for action in ACTIONS},
    }
