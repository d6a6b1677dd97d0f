"""Write-intent retry: re-attempt pending intents whose backoff has elapsed."""

from __future__ import annotations

import logging
from functools import partial

from connector.intents.engine import attempt
from connector.repo import intents
from connector.services import Services

log = logging.getLogger("connector.jobs.intent_retry")


async def retry_due(services: Services, limit: int = 50, budget: float = 1.0) -> dict[str, int]:
    """Attempt each due intent; a transient failure defers it with backoff rather than holding the job."""
    keys = await services.db.run(partial(intents.due_keys, limit=limit))
    counts = {"done": 0, "queued": 0, "failed": 0}
    for key in keys:
        outcome = await attempt(
            services, key, budget=min(budget, services.settings.connector_write_budget_seconds)
        )
        counts[outcome.status] += 1
    return counts
