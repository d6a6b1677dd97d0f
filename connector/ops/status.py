"""`retailops-connector status [--json]`: the console's overview in a terminal, from the database."""

from __future__ import annotations

import json
from typing import Any

from connector.db.engine import make_engine
from connector.db.session import Database
from connector.ops import overview
from connector.settings import Settings


def read(settings: Settings) -> dict[str, Any]:
    """The overview from the database and the serving process's last persisted snapshot."""
    engine = make_engine(settings.connector_database_url)
    try:
        return Database(engine).run_sync(lambda s: overview.build(s, settings, None))
    finally:
        engine.dispose()


def _table(title: str, rows: list[tuple[str, str]]) -> list[str]:
    width = max((len(k) for k, _ in rows), default=0)
    return [title, *(f"  {k.ljust(width)}  {v}" for k, v in rows), ""]


def _text(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, dict | list):
        return json.dumps(value, default=str, separators=(",", ":"))
    return str(value)


def render(data: dict[str, Any]) -> str:
    """The overview as aligned plain-text tables."""
    api, bucket, backlog, orders = data["api"], data["bucket"], data["backlog"], data["orders"]
    reading = bucket["reading"] or {}
    pps = bucket["points_per_second"]
    lines = [f"store {data['store']}  (process state: {data['state_from']})", ""]
    answered = _text(api["answered"]) + ("  WARNING: not the pinned version" if api["mismatch"] else "")
    lines += _table(
        "API version",
        [("pinned", api["pinned"]), ("answered", answered)]
        + [(f"deprecated ({d['count']}x)", d["reason"]) for d in api["deprecations"]],
    )
    lines += _table(
        "Rate-limit bucket",
        [
            ("available", f"{_text(reading.get('available'))} of {_text(reading.get('maximum'))}"),
            ("restore rate", f"{_text(reading.get('restore_rate'))} points/s"),
            ("jobs / requests", f"{pps.get('job', 0)} / {pps.get('request', 0)} points/s (last minute)"),
        ],
    )
    lines += _table("Backlog", [(k.replace("_", " "), str(v)) for k, v in backlog.items()])
    lines += _table("Exceptions", [(k, str(v)) for k, v in data["exceptions"].items()])
    lines += _table("Orders", [(k.replace("_", " "), _text(v)) for k, v in orders.items()])
    lines += _table(
        "Jobs",
        [
            (name, f"{_text(r.get('at'))}  {r.get('outcome')}  {_text(r.get('figures'))}")
            for name, r in data["jobs"].items()
        ]
        or [("-", "no run recorded yet")],
    )
    lines += _table(
        "Last RetailOps call",
        [(a, f"{c['at']}  HTTP {c['status']}" if c else "-") for a, c in data["calls"].items()],
    )
    return "\n".join(lines).rstrip() + "\n"
