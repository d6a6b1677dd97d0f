"""Write-intent retry: re-attempt pending intents whose backoff has elapsed."""

from __future__ import annotations

import logging

from connector.intents import attempt
from connector.repo import intents
from connector.services import Services

log = logging.getLogger("connector.jobs.intent_retry")


async def retry_due(services: Services, limit: int = 50, budget: float = 20.0) -> dict[str, int]:
    """Attempt each due intent once; answers counts by outcome."""
    keys = await services.db.run(lambda s: intents.due_keys(s, limit))
    counts = {"done": 0, "queued": 0, "failed": 0}
    for key in keys:
        outcome = await attempt(services, key, budget=min(budget, 5.0))
        counts[outcome.status] += 1
    return counts
