"""Failed console logins in the database: per-client and total limits, the window, clearing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, func, select, update
from sqlmodel import Session, col

from connector.db.tables import LoginFailure
from connector.db.types import utcnow
from connector.repo import login_failures as failures

WINDOW = timedelta(minutes=5)


def _wait(session: Session, client: str) -> float:
    return failures.wait_seconds(session, client, WINDOW, per_client=3, total=5)


def test_a_client_is_locked_after_its_limit_and_the_total_locks_everyone(engine: Engine) -> None:
    with Session(engine) as session:
        assert [failures.add(session, "10.0.0.1", WINDOW) for _ in range(3)] == [1, 2, 3]
        assert 299 < _wait(session, "10.0.0.1") <= 300
        assert _wait(session, "10.0.0.2") == 0
        failures.add(session, "10.0.0.2", WINDOW)
        failures.add(session, "10.0.0.3", WINDOW)
        assert _wait(session, "10.0.0.9") > 0  # five in total: nobody may try
        failures.clear(session, "10.0.0.1")
        assert _wait(session, "10.0.0.1") == 0
        assert _wait(session, "10.0.0.9") == 0


def test_failures_leave_the_window_and_old_rows_are_deleted(engine: Engine) -> None:
    with Session(engine) as session:
        for _ in range(3):
            failures.add(session, "10.0.0.1", WINDOW)
        # Four of the five minutes have passed since the oldest: one minute left to wait.
        session.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=4)))
        assert 59 < _wait(session, "10.0.0.1") <= 60
        session.execute(update(LoginFailure).values(at=utcnow() - WINDOW - timedelta(seconds=1)))
        assert _wait(session, "10.0.0.1") == 0
        assert failures.add(session, "10.0.0.1", WINDOW) == 1
        ids = list(session.execute(select(col(LoginFailure.client))).scalars())
        assert ids == ["10.0.0.1"]  # the stale rows went with that add
        assert session.execute(select(func.count()).select_from(LoginFailure)).scalar_one() == 1
