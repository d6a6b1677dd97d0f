"""Databases for tests and benchmarks: migrated SQLite files and throw-away PostgreSQL databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from connector.db.engine import make_engine
from connector.db.migrate import upgrade_to_head

PG_ADMIN_URL = os.environ.get("CONNECTOR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pg_unavailable() -> str | None:
    """Why PostgreSQL cannot be used (None when it answers)."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


def require_pg() -> None:
    """Skip the calling test without PostgreSQL, or fail it when CI=true makes PostgreSQL mandatory."""
    reason = pg_unavailable()
    if reason:
        if IN_CI:
            pytest.fail(reason + " (mandatory when CI=true)")
        pytest.skip(reason)


@contextmanager
def postgres_database(prefix: str = "connector_test", migrated: bool = False) -> Iterator[str]:
    """A new, empty (or migrated) PostgreSQL database; answers its URL and drops it afterwards."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        if migrated:
            migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate(url: str) -> str:
    """Bring the database at `url` to head; answers the URL."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


def migrated_sqlite(directory: Path, name: str = "connector.db") -> str:
    """A fresh SQLite database at head in `directory`; answers its URL."""
    return migrate(f"sqlite:///{directory / name}")
