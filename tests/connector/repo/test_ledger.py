"""Ledger acknowledgements: the first is kept, a new RetailOps id is taken, a repeat writes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, event
from sqlmodel import Session

from connector.repo import ledger


def _updates(engine: Engine) -> list[int]:
    """Row counts of the UPDATE statements run from now on (the listener stays for the test)."""
    counts: list[int] = []

    @event.listens_for(engine, "after_cursor_execute")
    def _seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("UPDATE"):
            counts.append(cursor.rowcount)

    return counts


def test_a_repeat_acknowledgement_changes_nothing_and_writes_no_row(engine: Engine) -> None:
    with Session(engine) as session:
        ledger.create_missing(session, [{"refnum": "1", "store_order_id": "gid://shopify/Order/1"}])
        ledger.acknowledge_many(session, [("1", 77)])
        session.commit()
        first = ledger.by_refnums(session, ["1"])["1"].acknowledged_at
    counts = _updates(engine)
    with Session(engine) as session:
        ledger.acknowledge_many(session, [("1", 77)])
        ledger.acknowledge_many(session, [("1", None)])
        session.commit()
    assert counts == [0, 0]
    with Session(engine) as session:
        ledger.acknowledge_many(session, [("1", 78)])  # RetailOps re-imported it under a new id
        session.commit()
        row = ledger.by_refnums(session, ["1"])["1"]
    assert counts[-1] == 1
    assert row.retailops_order_id == 78
    assert row.acknowledged_at is not None
    assert first is not None
    assert abs(row.acknowledged_at - first) < timedelta(microseconds=1)  # the first ack's time
