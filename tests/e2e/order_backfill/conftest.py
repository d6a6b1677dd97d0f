"""Fixtures of the order backfill tests: a store of a few hundred orders, a second database, one poll."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from connector.db.engine import make_engine
from connector.jobs import order_backfill
from tests.e2e.order_backfill.harness import EXTRA
from tests.support.builders import seeded_store
from tests.support.sandbox import SandboxServer, start_sandbox


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A store with a few hundred open orders (the shaped seed plus EXTRA)."""
    server = start_sandbox(seeded_store(extra_orders=EXTRA))
    yield server
    server.stop()


@pytest.fixture
def paged_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A second, empty connector database (for the same store read page by page)."""
    path = tmp_path / "paged.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def one_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run reads an operation's status once (the sandbox's RUNNING reads are counted)."""
    monkeypatch.setattr(order_backfill, "POLL_BUDGET_SECONDS", 0.0)
