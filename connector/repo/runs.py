"""Job run history (`sync_run`): what each scheduled job did, kept a week for operators."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from connector.db.tables import SyncRun
from connector.db.types import utcnow

KEEP = timedelta(days=7)


def record(session: Session, job: str, started_at: datetime, figures: Any, error: str | None) -> None:
    """Store one run of a job with its figures (JSON) or its error."""
    session.add(
        SyncRun(
            job=job,
            started_at=started_at,
            finished_at=utcnow(),
            figures=json.dumps(figures, default=str) if figures is not None else None,
            error=error,
        )
    )


def prune(session: Session, keep: timedelta = KEEP) -> int:
    """Delete runs older than `keep`; answers how many went."""
    result = session.execute(delete(SyncRun).where(col(SyncRun.started_at) < utcnow() - keep))
    return int(getattr(result, "rowcount", 0) or 0)
