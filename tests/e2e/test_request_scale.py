"""Huge arrays against the sandbox over HTTP: bounded store work per request, limits named, and an
acknowledgement's 200 never waits on the store."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlmodel import Session
from starlette.testclient import TestClient

from connector.actions import order_acknowledge, order_pull
from connector.repo import ledger
from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin


def _seed_pulled(engine: Engine, count: int, first: int = 7_000_000) -> list[str]:
    """Ledger rows as if order_pull had offered `count` orders (one insert)."""
    refnums = [str(first + i) for i in range(count)]
    with Session(engine) as session:
        rows = [{"refnum": r, "store_order_id": f"gid://shopify/Order/{r}"} for r in refnums]
        ledger.create_missing(session, rows)
        session.commit()
    return refnums


def _operations(admin: SandboxAdmin) -> list[str]:
    return [str(c.get("operation")) for c in admin.calls()]


def test_acknowledging_5000_pulled_orders_is_one_transaction_well_inside_15_s(
    ro: Call, admin: SandboxAdmin, engine: Engine
) -> None:
    refnums = _seed_pulled(engine, 5000)
    admin.clear_calls()
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    started = time.perf_counter()
    try:
        body = ro(
            "order_acknowledge",
            orders=[{"channel_order_refnum": r, "retailops_order_id": 10 + i} for i, r in enumerate(refnums)],
        )
    finally:
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", count)
    assert body == {"events": []}
    # Batched: a handful of statements (an executemany counts once), not several per order.
    assert len(statements) <= 12, len(statements)
    # Well inside the verifier's 15 s client timeout, even on a loaded CI machine.
    assert elapsed < 10.0, f"5,000 acknowledgements took {elapsed:.2f} s"
    assert _operations(admin) == []  # the ledger knew them all: the store was not asked
    with engine.connect() as conn:
        acked = conn.execute(text("SELECT count(*) FROM order_ledger WHERE acknowledged_at IS NOT NULL"))
        queued = conn.execute(text("SELECT count(*) FROM write_intent WHERE kind = 'tag_order'"))
        assert (acked.scalar(), queued.scalar()) == (5000, 5000)
    print(f"\n5,000-order acknowledgement: {elapsed:.2f} s, {len(statements)} statements")


def test_unknown_refnums_are_confirmed_with_one_lean_read_per_250(ro: Call, admin: SandboxAdmin) -> None:
    admin.clear_calls()
    refnums = [str(9_100_000 + i) for i in range(600)]
    body = ro("order_acknowledge", orders=[{"channel_order_refnum": r} for r in refnums])
    assert [e["code"] for e in body["events"]] == ["UNKNOWN_ORDER"] * 600
    assert _operations(admin) == ["OrderIdsById"] * 3


def test_with_the_bucket_empty_an_acknowledgement_is_200_within_the_budget(
    ro: Call, admin: SandboxAdmin, engine: Engine
) -> None:
    # Restore 1 point/s from empty: any store read would wait far past the verifier's 15 s.
    admin.http.post("/_sandbox/config", json={"restore_rate": 1, "time_scale": 1, "fill": 0})
    refnums = [str(9_200_000 + i) for i in range(30)]
    started = time.perf_counter()
    body = ro(
        "order_acknowledge", orders=[{"channel_order_refnum": r, "retailops_order_id": 5} for r in refnums]
    )
    elapsed = time.perf_counter() - started
    assert elapsed < order_acknowledge.CONFIRM_BUDGET_SECONDS + 2.0, elapsed
    assert {e["code"] for e in body["events"]} == {"STOREFRONT_UNAVAILABLE"}
    assert len(body["events"]) == 30
    with engine.connect() as conn:
        acked = conn.execute(text("SELECT count(*) FROM order_ledger WHERE acknowledged_at IS NOT NULL"))
        assert acked.scalar() == 30


def test_a_large_specific_pull_answers_what_fits_and_names_the_rest(
    ro: Call, admin: SandboxAdmin, monkeypatch: pytest.MonkeyPatch
) -> None:
    refnums = [str(o["id"]).rsplit("/", 1)[-1] for o in admin.orders()][:8]
    monkeypatch.setattr(order_pull, "SPECIFIC_BATCH", 1)
    monkeypatch.setattr(order_pull, "SPECIFIC_BUDGET_SECONDS", 3.0)
    # Enough points for the first order only, then 1 point/s: later reads cannot fit in time.
    admin.http.post("/_sandbox/config", json={"restore_rate": 1, "time_scale": 1, "fill": 200})
    started = time.perf_counter()
    body = ro("order_pull", page_token="", specific_orders=[{"channel_refnum": r} for r in refnums])
    elapsed = time.perf_counter() - started
    assert elapsed < 6.0, elapsed
    got = [o["channel_order_refnum"] for o in body["orders"]]
    late = [
        e["associations"][0]["identifier"] for e in body["events"] if e["code"] == "STOREFRONT_UNAVAILABLE"
    ]
    assert got
    assert late
    assert sorted(got + late) == sorted(refnums)


@pytest.mark.parametrize(
    ("action", "field", "items", "limit"),
    [
        ("order_acknowledge", "orders", {"channel_order_refnum": "1"}, 10_000),
        ("order_pull", "specific_orders", {"channel_refnum": "1"}, 100),
        ("inventory_push", "inventory_updates", {"sku": "S", "quantity_available": 1}, 20_000),
    ],
)
def test_arrays_past_their_limit_are_422_naming_field_and_limit(
    app_client: TestClient,
    ro: Call,
    admin: SandboxAdmin,
    action: str,
    field: str,
    items: dict[str, Any],
    limit: int,
) -> None:
    admin.clear_calls()
    body = ro(action, expect=422, **{field: [items] * (limit + 1)})
    message = body["events"][0]["message"]
    assert message.startswith(f"{field}: "), message
    assert str(limit) in message, message
    assert _operations(admin) == []
    ro(action, 200, **{field: [items] * limit})  # the limit itself is accepted
