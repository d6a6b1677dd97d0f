"""Alembic revisions round-trip (upgrade to head, downgrade to base, upgrade) on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import connector.db.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from connector.db.engine import make_engine
from connector.db.migrate import alembic_config, is_at_head, upgrade_to_head
from tests.support.databases import postgres_database, require_pg


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine over a database no revision has touched."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    require_pg()
    with postgres_database("connector_migrations") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _downgrade_to_base(engine: Engine) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _drift(engine: Engine) -> list[object]:
    """What autogenerate would still change: empty when the schema equals the models."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": engine.dialect.name == "sqlite"}
        )
        return list(compare_metadata(context, SQLModel.metadata))


def test_upgrade_downgrade_upgrade_round_trips(empty_engine: Engine) -> None:
    model_tables = {t.name for t in SQLModel.metadata.sorted_tables}
    assert not is_at_head(empty_engine)

    upgrade_to_head(empty_engine)
    assert is_at_head(empty_engine)
    assert _tables(empty_engine) == model_tables
    assert _drift(empty_engine) == []

    _downgrade_to_base(empty_engine)
    assert _tables(empty_engine) == set()
    assert not is_at_head(empty_engine)

    upgrade_to_head(empty_engine)
    assert is_at_head(empty_engine)
    assert _tables(empty_engine) == model_tables
    assert _drift(empty_engine) == []
