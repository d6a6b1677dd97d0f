"""Persist what this process saw (API version, bucket, last calls and runs) for `status` and replicas."""

from __future__ import annotations

import json
import socket
from dataclasses import asdict
from datetime import datetime
from functools import partial
from typing import Any

from sqlmodel import Session

from connector.db.types import utcnow
from connector.repo import cursors
from connector.services import Services
from storefront_clients.shopify.telemetry import Telemetry

SNAPSHOT_CURSOR = "ops_snapshot"


def telemetry_of(storefront: object) -> Telemetry | None:
    """The Shopify client's answer telemetry; None for other storefront implementations."""
    transport = getattr(storefront, "transport", None)
    telemetry = getattr(transport, "telemetry", None)
    return telemetry if isinstance(telemetry, Telemetry) else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(services: Services) -> dict[str, Any]:
    """This process's operator state as JSON-ready values."""
    telemetry = telemetry_of(services.storefront)
    return {
        "taken_at": utcnow().isoformat(),
        "host": socket.gethostname(),
        "api": telemetry.snapshot() if telemetry else None,
        "calls": {k: _jsonable(asdict(v)) for k, v in services.ops.calls.items()},
        "runs": {k: _jsonable(asdict(v)) for k, v in services.ops.runs.items()},
    }


async def persist_snapshot(services: Services) -> dict[str, int]:
    """Write the snapshot to the database (the `ops_snapshot` job); answers no figures (read-only)."""
    value = json.dumps(snapshot(services), default=str)
    await services.db.run(partial(cursors.put, name=SNAPSHOT_CURSOR, value=value))
    return {}


def load_snapshot(session: Session) -> dict[str, Any] | None:
    """The last persisted snapshot (any replica's), or None."""
    raw = cursors.get(session, SNAPSHOT_CURSOR)
    if not raw:
        return None
    try:
        loaded = json.loads(raw)
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None
