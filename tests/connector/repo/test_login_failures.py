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


def _attempt(session: Session, client: str) -> float:
    """One login attempt as the console makes it: reserve, then check (the reservation stays: failed)."""
    failures.reserve(session, client, WINDOW)
    return _wait(session, client)


def test_a_client_is_locked_after_its_limit_and_the_total_locks_everyone(engine: Engine) -> None:
    with Session(engine) as session:
        assert [_attempt(session, "10.0.0.1") for _ in range(3)] == [0, 0, 0]
        assert failures.failures(session, "10.0.0.1", WINDOW) == 3
        assert 299 < _attempt(session, "10.0.0.1") <= 300  # the fourth is over the limit of 3
        assert _attempt(session, "10.0.0.2") == 0  # five in total now (one refused reservation kept)
        assert _attempt(session, "10.0.0.9") > 0  # six: nobody may try
        failures.clear(session, "10.0.0.1")
        assert _wait(session, "10.0.0.1") == 0
        assert _wait(session, "10.0.0.9") == 0


def test_concurrent_attempts_never_pass_more_than_the_limit(engine: Engine) -> None:
    with Session(engine) as session:
        for _ in range(2):
            failures.reserve(session, "10.0.0.1", WINDOW)
        session.commit()
    # Two attempts in flight at once, each in its own transaction: both reserve before either checks.
    with Session(engine) as one, Session(engine) as two:
        first = failures.reserve(one, "10.0.0.1", WINDOW)
        one.commit()
        failures.reserve(two, "10.0.0.1", WINDOW)
        two.commit()
        waits = [_wait(one, "10.0.0.1"), _wait(two, "10.0.0.1")]
        assert all(w > 0 for w in waits)  # 4 > 3: neither passes (checking first would pass both)
        failures.drop(one, first)
        one.commit()
        assert failures.failures(one, "10.0.0.1", WINDOW) == 3


def test_failures_leave_the_window_and_old_rows_are_deleted(engine: Engine) -> None:
    with Session(engine) as session:
        for _ in range(4):
            failures.reserve(session, "10.0.0.1", WINDOW)
        # Four of the five minutes have passed since the oldest: one minute left to wait.
        session.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=4)))
        assert 59 < _wait(session, "10.0.0.1") <= 60
        session.execute(update(LoginFailure).values(at=utcnow() - WINDOW - timedelta(seconds=1)))
        assert _wait(session, "10.0.0.1") == 0
        failures.reserve(session, "10.0.0.1", WINDOW)
        ids = list(session.execute(select(col(LoginFailure.client))).scalars())
        assert ids == ["10.0.0.1"]  # the stale rows went with that reservation
        assert session.execute(select(func.count()).select_from(LoginFailure)).scalar_one() == 1
