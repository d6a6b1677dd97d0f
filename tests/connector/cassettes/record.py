"""Re-record the action cassettes: `.venv/bin/python -m tests.connector.cassettes.record [name …]`.

Each scenario runs against a freshly started sandbox store (seeded with a fixed `now` and a frozen
clock, so a re-recording sends the same requests) and a fresh, migrated SQLite database. vcrpy
records every Shopify call in record mode "all"; the sandbox's 127.0.0.1:<port> is rewritten to
``FIXED_BASE`` and secrets are filtered before the cassette is written. The sandbox's own call log
must count exactly the interactions written, so nothing the connector sent escaped the cassette.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import yaml  # type: ignore[import-untyped]

from connector.db.engine import make_engine
from tests.support.builders import SANDBOX_TOKEN, seeded_store
from tests.support.databases import migrated_sqlite
from tests.support.sandbox import SandboxServer, start_sandbox

from .harness import harness_settings, running
from .scenarios import SCENARIOS
from .vcr_setup import cassette_path, recording

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def record(name: str, template: Path) -> Path:
    """Record one scenario's cassette; answers its path."""
    path = cassette_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    # A frozen clock at a fixed `now`: a re-recording sends the same requests.
    handle: SandboxServer = start_sandbox(seeded_store(NOW, frozen=True))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "connector.db"
            shutil.copy(template, db)
            engine = make_engine(f"sqlite:///{db}")
            settings = harness_settings(
                engine.url.render_as_string(hide_password=False),
                handle.base_url,
                SANDBOX_TOKEN,
            )
            with (
                recording(handle.base_url).use_cassette(path.name) as cassette,
                running(settings, engine, cassette) as harness,
            ):
                SCENARIOS[name](harness)
            engine.dispose()
        calls = len(handle.runtime.calls.all())
    finally:
        handle.stop()
    if not path.exists():  # vcrpy writes nothing for a scenario without traffic
        path.write_text(yaml.safe_dump({"interactions": [], "version": 1}), encoding="utf-8")
    written = len(yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"])
    if written != calls:
        raise RuntimeError(f"{name}: the sandbox answered {calls} calls but {written} were recorded")
    print(f"{name}: {written} interactions -> {path}")
    return path


def main(names: list[str]) -> None:
    """Record the named scenarios (all when none is named)."""
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    with tempfile.TemporaryDirectory() as tmp:
        migrated_sqlite(Path(tmp), "template.db")
        template = Path(tmp) / "template.db"
        for name in names or list(SCENARIOS):
            record(name, template)


if __name__ == "__main__":
    main(sys.argv[1:])
