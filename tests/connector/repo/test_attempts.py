"""The attempt history's retention: at most PER_INTENT attempts per intent, none older than KEEP."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from connector.db.tables import IntentAttempt, WriteIntent
from connector.db.types import utcnow
from connector.repo import attempts


def _intent(key: str) -> WriteIntent:
    return WriteIntent(idempotency_key=key, kind="fulfil", refnum="1", payload="{}", payload_hash="x")


def test_an_intent_keeps_only_its_newest_attempts(engine: Engine) -> None:
    busy, calm = _intent("fulfil:1"), _intent("fulfil:2")
    with Session(engine) as session:
        for n in range(attempts.PER_INTENT + 5):
            attempts.record(session, busy, attempts.Tried("ambiguous", f"try {n}", None, 3), None)
        attempts.record(session, calm, attempts.Tried("applied", None, None, 1), None)
        session.commit()
        kept = attempts.of_intents(session, ["fulfil:1", "fulfil:2", "fulfil:3"])
    assert [a.message for a in kept["fulfil:1"]] == [f"try {n}" for n in range(5, attempts.PER_INTENT + 5)]
    assert [a.outcome for a in kept["fulfil:2"]] == ["applied"]
    assert kept["fulfil:3"] == []


def test_attempts_older_than_the_bound_are_pruned(engine: Engine) -> None:
    with Session(engine) as session:
        for key in ("fulfil:old", "fulfil:new"):
            attempts.record(session, _intent(key), attempts.Tried("applied", None, None, 1), None)
        session.execute(
            update(IntentAttempt)
            .where(col(IntentAttempt.idempotency_key) == "fulfil:old")
            .values(at=utcnow() - attempts.KEEP - timedelta(minutes=1))
        )
        assert attempts.prune(session) == 1
        session.commit()
        left = list(session.execute(select(col(IntentAttempt.idempotency_key))).scalars())
    assert left == ["fulfil:new"]
