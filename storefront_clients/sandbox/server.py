"""Run the sandbox on a real socket (uvicorn in a background thread) for the CLI and e2e tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from .app import create_app
from .config import SandboxConfig
from .runtime import SandboxRuntime
from .schema import executable_schema
from .store import Store


@dataclass
class ServerHandle:
    """A running sandbox server: its base URL, runtime, and a way to stop it."""

    base_url: str
    runtime: SandboxRuntime
    _server: uvicorn.Server
    _thread: threading.Thread

    def graphql_url(self, version: str = "2026-07") -> str:
        """The Admin GraphQL endpoint URL for a version."""
        return f"{self.base_url}/admin/api/{version}/graphql.json"

    def stop(self, timeout: float = 5.0) -> None:
        """Ask uvicorn to exit and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    port: int = 0,
    store: Store | None = None,
    config: SandboxConfig | None = None,
    startup_timeout: float = 10.0,
    *,
    wrap: Callable[[ASGIApp], ASGIApp] | None = None,
    log_level: str = "warning",
) -> ServerHandle:
    """Start the sandbox on 127.0.0.1:<port> (0 picks a free port); returns once it accepts.

    `wrap` puts ASGI middleware in front of the sandbox app (tests record the bodies it receives).
    """
    port = port or _free_port()
    cfg = config or SandboxConfig()
    cfg.base_url = f"http://127.0.0.1:{port}"
    for version in cfg.versions:  # build schemas now, not on the first (timed) request
        executable_schema(version)
    app = create_app(store, cfg)
    served = wrap(app) if wrap else app
    server = uvicorn.Server(
        uvicorn.Config(served, host="127.0.0.1", port=port, log_level=log_level, lifespan="off")
    )
    thread = threading.Thread(target=server.run, name=f"sandbox-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"sandbox server did not start on port {port}")
        time.sleep(0.02)
    return ServerHandle(cfg.base_url, app.state.sandbox, server, thread)
