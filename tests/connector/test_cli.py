"""The console script: serve refuses incomplete settings; migrate brings a database to head."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect

from connector.cli import build_parser, main
from connector.db.engine import make_engine
from connector.db.migrate import is_at_head
from tests.support.builders import AUTH_KEY
from tests.support.databases import postgres_database, require_pg


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing of the caller's CONNECTOR_/SHOPIFY_/RETAILOPS_ settings; cwd (no .env) is a scratch dir.
    clean = {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "connector.cli", *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serve_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    result = _run("serve", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "RETAILOPS_INTEGRATION_AUTH_KEY is required" in result.stderr


def test_serve_refuses_the_test_key(tmp_path: Path) -> None:
    env = {
        "RETAILOPS_INTEGRATION_AUTH_KEY": "RETAILOPS_SDK",
        "SHOPIFY_SHOP": "a.myshopify.com",
        "SHOPIFY_ACCESS_TOKEN": "t",
    }
    result = _run("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "must not be the test key" in result.stderr


def test_invalid_setting_is_named(tmp_path: Path) -> None:
    result = _run("migrate", env={"CONNECTOR_DATABASE_URL": "mysql://nope"}, cwd=tmp_path)
    assert result.returncode != 0
    assert "CONNECTOR_DATABASE_URL" in result.stderr


def test_migrate_brings_the_database_to_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    monkeypatch.setenv("CONNECTOR_DATABASE_URL", url)
    assert main(["migrate"]) == 0
    engine = make_engine(url)
    assert is_at_head(engine)
    assert {"order_ledger", "write_intent", "inventory_buffer", "sku_map"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def unmigrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database no revision has touched."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'unmigrated.db'}"
        return
    require_pg()
    with postgres_database("connector_unmigrated") as url:
        yield url


def test_serve_refuses_an_unmigrated_database(tmp_path: Path, unmigrated_url: str) -> None:
    env = {
        "CONNECTOR_DATABASE_URL": unmigrated_url,
        "RETAILOPS_INTEGRATION_AUTH_KEY": AUTH_KEY,
        "SHOPIFY_SHOP": "a.myshopify.com",
        "SHOPIFY_ACCESS_TOKEN": "t",
    }
    # Were serve to start instead, _run's timeout would fail the test.
    result = _run("serve", "--port", "0", env=env, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "the database is not at the newest revision" in result.stderr
    assert "retailops-connector migrate" in result.stderr
    engine = make_engine(unmigrated_url)
    assert inspect(engine).get_table_names() == []  # refusing wrote nothing
    engine.dispose()


def test_parser_knows_the_contract_commands() -> None:
    parser = build_parser()
    assert parser.parse_args(["serve"]).port == 8000
    assert parser.parse_args(["sandbox", "--port", "9000"]).port == 9000
    assert parser.parse_args(["migrate"]).command == "migrate"
