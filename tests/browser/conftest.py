"""Browser fixtures: Debian's Chromium driven by Playwright, one browser per test session.

Chromium is /usr/bin/chromium (scripts/test installs it with apt when missing). Under CI=true a
missing browser fails the tests; elsewhere they skip with the reason. Screenshots go to
tests/browser/screenshots/ (gitignored).
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from pydantic import SecretStr
from sqlalchemy import Engine

from connector.app import create_app, default_storefront
from connector.db.engine import make_engine
from connector.jobs.scheduler import start_jobs
from connector.settings import Settings
from tests.conftest import SANDBOX_NOW
from tests.support.builders import AUTH_KEY, seeded_store
from tests.support.databases import IN_CI
from tests.support.sandbox import SandboxAdmin, SandboxServer, start_sandbox

CHROMIUM = Path(os.environ.get("CONNECTOR_TEST_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BrowserThread:
    """One headless Chromium in a thread of its own; tests hand it functions to run on a fresh page.

    Playwright's sync API keeps its event loop running in the thread that started it, which would
    break the asyncio tests that share this worker process; in its own thread it disturbs nobody.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[Page], Any], Future[Any]] | None] = queue.Queue()
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(target=self._main, name="chromium", daemon=True)
        self._thread.start()
        self._ready.result(timeout=60)

    def _main(self) -> None:
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
                )
                self._ready.set_result(None)
                while (job := self._jobs.get()) is not None:
                    self._run(chromium, *job)
                chromium.close()
        except BaseException as exc:
            if not self._ready.done():
                self._ready.set_exception(exc)
            raise

    @staticmethod
    def _run(chromium: Browser, fn: Callable[[Page], Any], done: Future[Any]) -> None:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        try:
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            done.set_result(fn(tab))
        except BaseException as exc:
            done.set_exception(exc)
        finally:
            context.close()

    def run(self, fn: Callable[[Page], Any]) -> Any:
        """Run `fn(page)` on a fresh browser context (own cookies); re-raise what it raised."""
        done: Future[Any] = Future()
        self._jobs.put((fn, done))
        return done.result(timeout=600)

    def close(self) -> None:
        """Close the browser and end the thread."""
        self._jobs.put(None)
        self._thread.join(30)


@pytest.fixture(scope="session")
def browser() -> Iterator[BrowserThread]:
    """One headless Chromium for the whole session (mandatory under CI=true, else skipped if absent)."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(reason + " (browser tests are mandatory when CI=true)")
        pytest.skip(reason)
    worker = BrowserThread()
    yield worker
    worker.close()


@dataclass
class Live:
    """The connector app served on a loopback port, wired to a sandbox store."""

    base_url: str
    password: str
    settings: Settings
    sandbox: SandboxServer
    admin: SandboxAdmin
    server: uvicorn.Server
    thread: threading.Thread

    def post(self, action: str, **fields: Any) -> dict[str, Any]:
        """POST one RetailOps action to the live connector."""
        envelope = {"integration_auth_token": AUTH_KEY, "action": action, "version": 1, "client_id": 1}
        response = httpx.post(
            f"{self.base_url}/{action}_v1", json={**envelope, "channel_info": {"id": 1}, **fields}, timeout=30
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture
def engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """SQLite only: the console's queries run on both databases in tests/connector/console."""
    path = tmp_path / "connector.db"
    shutil.copy(sqlite_template, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


@pytest.fixture
def scheduler() -> bool:
    """Whether `live` runs the scheduled jobs (off; a test parametrizes `scheduler` to turn them on)."""
    return False


@pytest.fixture
def live(settings: Settings, engine: Engine, scheduler: bool) -> Iterator[Live]:
    """Sandbox store + connector (console on, jobs only with `scheduler`) on real sockets, for the browser."""
    sandbox = start_sandbox(seeded_store(SANDBOX_NOW))
    password = "console-" + secrets.token_urlsafe(9)
    live_settings = settings.model_copy(
        update={
            "shopify_admin_url": sandbox.base_url,
            "shopify_shop": "sandbox-store.myshopify.com",
            "shopify_access_token": SecretStr(sandbox.token),
            # A failed write is held two store timeouts (longer than the budget): one attempt, then queued.
            "connector_write_budget_seconds": 2.5,
            "shopify_timeout_seconds": 3.0,
            "connector_console_password": SecretStr(password),
            # With jobs on: queued writes are drained within a second or two of their hold.
            "connector_intent_retry_seconds": 1.0,
        }
    )
    jobs = start_jobs if scheduler else None
    app = create_app(live_settings, engine=engine, storefront_factory=default_storefront, on_startup=jobs)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="connector-live", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive(), "connector did not start"
        assert time.monotonic() < deadline, "connector did not start in time"
        time.sleep(0.02)
    yield Live(f"http://127.0.0.1:{port}", password, live_settings, sandbox, sandbox.admin, server, thread)
    server.should_exit = True
    thread.join(10)
    sandbox.stop()


def shoot(page: Page, name: str) -> Path:
    """Write a full-page screenshot of the current page to tests/browser/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
