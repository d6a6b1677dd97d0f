"""Run database work off the event loop: each unit gets a session and commits on success."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
from anyio import CapacityLimiter
from sqlalchemy import Engine
from sqlmodel import Session

T = TypeVar("T")


class Database:
    """The connector's handle on its database; actions and jobs call `run` with a unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time; more threads would only queue on its lock.
        self._limiter = CapacityLimiter(2 if engine.dialect.name == "sqlite" else 8)

    def run_sync(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a fresh session and commit; for jobs and code already off the loop."""
        with Session(self.engine, expire_on_commit=False) as session:
            result = work(session)
            session.commit()
            return result

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a worker thread with its own committed session."""
        return await anyio.to_thread.run_sync(self.run_sync, work, limiter=self._limiter)
