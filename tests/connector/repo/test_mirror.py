"""The order mirror's queries: the waiting-orders gauge as one aggregate, the keyset page on its index."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, select

from connector.db.tables import OrderLedger, OrderMirror
from connector.intake.readiness import RISK_RANK, Gate, waiting_reason
from connector.repo import mirror

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
GATE = Gate(
    financial_statuses=("PAID", "AUTHORIZED"), risk_hold_rank=RISK_RANK["HIGH"], delay=timedelta(minutes=5)
)
OLD = NOW - timedelta(hours=1)


def _row(n: int, **changes: Any) -> OrderMirror:
    values: dict[str, Any] = {
        "refnum": str(1000 + n),
        "store_order_id": f"gid://shopify/Order/{1000 + n}",
        "order_name": f"#{1000 + n}",
        "store_created_at": OLD,
        "store_updated_at": OLD,
        "financial_status": "PAID",
        "payload": f'{{"channel_order_refnum":"{1000 + n}"}}',
        **changes,
    }
    return OrderMirror(**values)


def _rows() -> list[OrderMirror]:
    """One row per branch of the gate, plus rows the gauge must not count at all."""
    return [
        _row(1, financial_status=None),
        _row(2, financial_status="pending"),
        _row(3, financial_status="paid"),  # statuses compare case-insensitively: ready
        _row(4, hold_reason="HIGH_RISK_OF_FRAUD"),
        _row(5, scheduled=True, scheduled_until=NOW + timedelta(days=1)),
        _row(6, scheduled=True, scheduled_until=None),
        _row(7, scheduled=True, scheduled_until=NOW - timedelta(days=1)),  # due: ready
        _row(8, risk_rank=RISK_RANK["HIGH"]),
        _row(9, risk_rank=RISK_RANK["PENDING"]),
        _row(10, store_created_at=NOW - timedelta(minutes=1)),
        _row(11, payload=None),  # not mapped yet
        _row(12, payload=None, problem="Order currency XTS is not one RetailOps accepts"),  # in the queue
        _row(13),  # ready
        _row(14, cancelled_at=OLD),
        _row(15, closed=True),
        _row(16, tagged=True),
        _row(17, hold_reason="AWAITING_PAYMENT", financial_status="PENDING"),  # the first reason wins
        _row(18, hold_reason="X"),  # acknowledged below
    ]


def _fill(engine: Engine, rows: list[OrderMirror]) -> None:
    with Session(engine) as session:
        session.add_all(rows)
        session.add(
            OrderLedger(refnum="1018", store_order_id="gid://shopify/Order/1018", acknowledged_at=OLD)
        )
        session.commit()


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, list[str]]]]:
    """Each statement run on `engine` with the names of the columns it answered."""
    seen: list[tuple[str, list[str]]] = []

    def after(_conn: Any, cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append((statement, [d[0] for d in cursor.description or ()]))

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(engine, "after_cursor_execute", after)


def test_waiting_counts_every_reason_like_the_gate_in_one_query_without_payloads(engine: Engine) -> None:
    _fill(engine, _rows())
    with Session(engine) as session:
        open_rows = [
            r
            for r in session.exec(select(OrderMirror)).all()
            if r.cancelled_at is None and not r.closed and not r.tagged and r.refnum != "1018"
        ]
        expected: dict[str, int] = {}
        for r in open_rows:
            reason = waiting_reason(r, GATE, NOW)
            if reason is not None and not (reason == "unmappable" and r.problem is not None):
                expected[reason] = expected.get(reason, 0) + 1
    assert expected == {
        "financial_status": 3,
        "hold": 1,
        "scheduled": 2,
        "risk": 2,
        "delay": 1,
        "unmappable": 1,
    }
    with _statements(engine) as seen, Session(engine) as session:
        counts = mirror.waiting(session, GATE, NOW)
    assert counts == expected
    assert len(seen) == 1
    statement, columns = seen[0]
    assert len(columns) == 2  # reason, count: no row is loaded, least of all its payload
    assert "GROUP BY" in statement


def test_pages_follow_the_keyset_through_equal_creation_times(engine: Engine) -> None:
    _fill(engine, [_row(n, store_created_at=OLD + timedelta(seconds=n // 3)) for n in range(30, 40)])
    pages: list[list[str]] = []
    after: tuple[datetime, str] | None = None
    with Session(engine) as session:
        while True:
            page = mirror.offerable_page(session, GATE, NOW, after, 3)
            if not page:
                break
            pages.append([r.refnum for r in page])
            after = (page[-1].store_created_at, page[-1].refnum)
    assert [r for p in pages for r in p] == [str(1000 + n) for n in range(30, 40)]
    assert all(len(p) == 3 for p in pages[:-1])


def test_a_later_page_walks_the_offer_index_on_sqlite(sqlite_engine: Engine) -> None:
    _fill(sqlite_engine, [_row(n) for n in range(50)])
    with _statements(sqlite_engine) as seen, Session(sqlite_engine) as session:
        mirror.offerable_page(session, GATE, NOW, (OLD, "1010"), 5)
    statement = seen[0][0]
    captured: list[Any] = []

    def before(_c: Any, _cur: Any, stmt: str, params: Any, *_rest: Any) -> None:
        captured.append(params)

    event.listen(sqlite_engine, "before_cursor_execute", before)
    with Session(sqlite_engine) as session:
        mirror.offerable_page(session, GATE, NOW, (OLD, "1010"), 5)
    event.remove(sqlite_engine, "before_cursor_execute", before)
    with sqlite_engine.connect() as conn:
        plan = " / ".join(
            str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, captured[0])
        )
    # An OR of keyset terms made SQLite read every later row and sort them for each page.
    assert "ix_order_mirror_offer" in plan
    assert "TEMP B-TREE" not in plan, plan
    assert "MULTI-INDEX OR" not in plan, plan


def test_a_snapshot_keeps_the_order_as_mapped_and_its_unshipped_units(engine: Engine) -> None:
    order = '{"channel_order_refnum":"1060","order_items":[{"sku":"A","quantity":3,"item_type":"ship"}]}'
    _fill(engine, [_row(60, payload=None)])
    snap = mirror.Snapshot("gid://shopify/Order/1060", order, None, NOW, (("A", 1), ("B", 2)))
    with Session(engine) as session:
        mirror.set_snapshots(session, [snap])
        session.commit()
        assert mirror.committed_units(session, ["PAID"]) == {"A": 1, "B": 2}  # partly fulfilled: not 3
        assert mirror.committed_units(session, ["PENDING"]) == {}
        [row] = session.exec(select(OrderMirror)).all()
    assert row.payload == order


def test_a_row_stored_before_units_were_kept_counts_its_lines_that_ship(engine: Engine) -> None:
    order = (
        '{"channel_order_refnum":"1","order_items":[{"sku":"A","quantity":3,"item_type":"ship"},'
        '{"sku":"A","quantity":1,"item_type":"ship"},{"sku":"GIFT","quantity":1,"item_type":"advisory"}]}'
    )
    _fill(engine, [_row(61, payload=order)])
    with Session(engine) as session:
        assert mirror.committed_units(session, ["PAID"]) == {"A": 4}
