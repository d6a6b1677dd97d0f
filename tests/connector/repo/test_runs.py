"""Job runs touching orders: recorded only inside a run, deduplicated, paged newest first, pruned."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from connector.db.tables import OrderRun
from connector.db.types import utcnow
from connector.repo import runs


def test_touches_are_paged_newest_first_with_their_runs_outcome(engine: Engine) -> None:
    start = utcnow() - timedelta(hours=1)
    with Session(engine) as session:
        for n in range(5):
            run = runs.RunRef("order_sync" if n % 2 else "intent_retry", start + timedelta(minutes=n))
            runs.touch(session, run, [("1001", f"did {n}"), ("1001", f"did {n}"), ("1002", "other")])
            runs.record(session, run.job, run.started_at, {"n": n}, "boom" if n == 3 else None)
        runs.touch(session, None, [("1001", "outside any run")])  # a request: not a job run
        runs.touch(session, runs.RunRef("order_sync", start + timedelta(minutes=9)), [("1001", "running")])
        session.commit()
        first = runs.for_order(session, "1001", offset=0, limit=3)
        second = runs.for_order(session, "1001", offset=3, limit=3)
    assert [(r.touch.outcome, r.run_kept, r.run_error) for r in first] == [
        ("running", False, None),
        ("did 4", True, None),
        ("did 3", True, "boom"),
    ]
    assert [r.touch.outcome for r in second] == ["did 2", "did 1", "did 0"]
    assert [r.touch.job for r in second] == ["intent_retry", "order_sync", "intent_retry"]


def test_touches_go_with_their_runs_after_a_week(engine: Engine) -> None:
    with Session(engine) as session:
        runs.touch(
            session, runs.RunRef("order_sync", utcnow() - runs.KEEP - timedelta(hours=1)), [("1", "old")]
        )
        runs.touch(session, runs.RunRef("order_sync", utcnow()), [("1", "new")])
        runs.prune(session)
        session.commit()
        assert session.execute(select(func.count()).select_from(OrderRun)).scalar_one() == 1
