"""Read-backs shared by the guarantee tests: the connector's database and bounded convergence waits."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import create_engine, text

from tests.support.sandbox import SandboxAdmin


def _rows(database_url: str, sql: str) -> list[tuple[object, ...]]:
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql)).all()]
    finally:
        engine.dispose()


def buffered(database_url: str) -> dict[str, tuple[int, int, int]]:
    """(quantity, seq, delivered_seq) per SKU of the connector's inventory buffer."""
    rows = _rows(database_url, "SELECT sku, quantity, seq, delivered_seq FROM inventory_buffer")
    return {str(r[0]): (int(str(r[1])), int(str(r[2])), int(str(r[3]))) for r in rows}


def intents(database_url: str) -> dict[str, tuple[str, str | None]]:
    """(status, last_error) per write-intent key."""
    rows = _rows(database_url, "SELECT idempotency_key, status, last_error FROM write_intent")
    return {str(r[0]): (str(r[1]), None if r[2] is None else str(r[2])) for r in rows}


def mismatches(
    admin: SandboxAdmin, expected: dict[str, int], location: str
) -> dict[str, tuple[int, int | None]]:
    """SKU → (wanted, in store) wherever the store's `available` differs from what was pushed last."""
    have = admin.available(sorted(expected), location)
    return {sku: (qty, have.get(sku)) for sku, qty in expected.items() if have.get(sku) != qty}


def converge(
    admin: SandboxAdmin,
    expected: dict[str, int],
    location: str,
    timeout: float,
    diagnose: Callable[[], str] = lambda: "",
) -> float:
    """Wait (bounded) until the store holds exactly `expected`; answers the seconds it took."""
    started = time.monotonic()
    wrong = mismatches(admin, expected, location)
    while wrong:
        if time.monotonic() - started > timeout:
            sample = dict(list(wrong.items())[:5])
            raise AssertionError(
                f"store did not converge in {timeout:.0f}s: {len(wrong)} SKUs wrong, "
                f"e.g. {sample}\n{diagnose()}"
            )
        time.sleep(0.2)
        wrong = mismatches(admin, expected, location)
    return time.monotonic() - started
