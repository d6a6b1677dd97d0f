"""The built wheel alone, in a fresh venv outside the checkout, migrates a database and serves.

Slow: builds the wheel (setuptools from PyPI), installs it with its dependencies (pip's cache) and
runs the installed console script against the sandbox store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.builders import seeded_store, serve_env
from tests.support.paths import REPO
from tests.support.process import ConnectorProcess
from tests.support.sandbox import SandboxServer, start_sandbox

pytestmark = pytest.mark.slow
INSTALL_TIMEOUT = 600


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{command}: exit {result.returncode}\n{output[-4000:]}"
    return output


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel built from this checkout (and its dependencies)."""
    root = tmp_path_factory.mktemp("wheel")
    wheels = root / "dist"
    output = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, REPO, cwd=root)
    assert "is deprecated" not in output, output  # e.g. setuptools' project.license warning
    [wheel] = wheels.glob("*.whl")
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    _run(python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", wheel, cwd=root)
    return root / "venv" / "bin"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A seeded sandbox store for the installed connector to talk to."""
    server = start_sandbox(seeded_store())
    yield server
    server.stop()


def _env(database_url: str, sandbox: SandboxServer) -> dict[str, str]:
    env = serve_env(database_url, sandbox.base_url, sandbox.token)
    env.pop("PYTHONPATH", None)  # nothing of the checkout may be importable
    return env


def test_the_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    out = _run(installed / "python", "-c", "import connector; print(connector.__file__)", cwd=tmp_path)
    assert Path(out.strip()).is_relative_to(installed.parent), out
    assert not Path(out.strip()).is_relative_to(REPO)


def test_the_wheel_migrates_refuses_unmigrated_and_serves(
    installed: Path, tmp_path: Path, sandbox: SandboxServer
) -> None:
    cli = installed / "retailops-connector"
    url = f"sqlite:///{tmp_path / 'connector.db'}"
    refused = subprocess.run(
        [str(cli), "serve"], cwd=tmp_path, env=_env(url, sandbox), capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 1, refused.stderr
    assert "not at the newest revision" in refused.stderr

    assert "database at head" in _run(cli, "migrate", cwd=tmp_path, env=_env(url, sandbox))

    server = ConnectorProcess(_env(url, sandbox), tmp_path, "installed", cli=cli, args=())
    try:
        server.start()
        pulled = server.call("order_pull", page_token="")
        assert len(pulled["orders"]) >= 8
        assert all(order["order_items"] for order in pulled["orders"])
    finally:
        server.close()
    assert os.path.getsize(tmp_path / "connector.db") > 0
