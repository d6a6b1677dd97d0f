"""Run Alembic programmatically: `retailops-connector migrate`, the sandbox command and tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_ROOT.parent
# An installed wheel carries migrations/ as connector/migrations (setup.py); a checkout has it at the root.
PACKAGED_MIGRATIONS = PACKAGE_ROOT / "migrations"


def migrations_dir() -> Path:
    """The Alembic script directory: the wheel's copy when installed, else the source tree's."""
    if (PACKAGED_MIGRATIONS / "env.py").is_file():
        return PACKAGED_MIGRATIONS
    return REPO_ROOT / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config over the migrations for a database URL (alembic.ini only in a checkout)."""
    ini = REPO_ROOT / "alembic.ini"
    cfg = Config(str(ini)) if ini.is_file() and migrations_dir() == REPO_ROOT / "migrations" else Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["url"] = url
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database behind an engine to the newest revision."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def is_at_head(engine: Engine) -> bool:
    """True when the database's revision is the newest one; `serve` checks this at start."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(""))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())
