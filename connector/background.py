"""Background work that must not delay an answer, kept referenced until done."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("connector.services")


class BackgroundTasks:
    """Tasks spawned after an answer; the app's lifespan drains them before closing connections."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any], what: str) -> None:
        """Run `work` after the answer; a failure is logged, never raised into a request."""
        task = asyncio.get_running_loop().create_task(work, name=what)
        self.tasks.add(task)

        def done(finished: asyncio.Task[Any]) -> None:
            self.tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("background %s failed: %r", what, finished.exception())

        task.add_done_callback(done)

    async def drain(self) -> None:
        """Wait for every running task (failures are already logged)."""
        await asyncio.gather(*self.tasks, return_exceptions=True)
