"""`retailops-connector serve` as a real subprocess: start, drive over HTTP, SIGKILL, restart."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import httpx

from .builders import envelope
from .paths import REPO

CLI = Path(sys.executable).parent / "retailops-connector"
START_TIMEOUT = 30.0
# Long enough for the connector's own bounded store retries (8 s) inside one request.
REQUEST_TIMEOUT = httpx.Timeout(20.0, connect=5.0)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ConnectorProcess:
    """One `serve` process; `restart` starts a fresh one on the same database and port."""

    def __init__(
        self,
        env: dict[str, str],
        workdir: Path,
        name: str = "connector",
        cli: Path = CLI,
        args: tuple[str, ...] = ("--migrate",),
    ) -> None:
        self.env = env
        self.cli = cli
        self.args = args
        self.workdir = workdir
        self.name = name
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._log: IO[bytes] | None = None
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=REQUEST_TIMEOUT)

    @property
    def log_path(self) -> Path:
        """Where this process's output goes (all starts appended)."""
        return self.workdir / f"{self.name}.log"

    def start(self) -> None:
        """Spawn `serve` (with `args`, by default --migrate) and wait (bounded) until it answers HTTP."""
        assert self.proc is None, "already running"
        self.starts += 1
        self._log = self.log_path.open("ab")
        self._log.write(f"--- start {self.starts} ---\n".encode())
        self._log.flush()
        # cwd is a scratch dir so no developer .env changes the settings under test.
        self.proc = subprocess.Popen(
            [str(self.cli), "serve", *self.args, "--port", str(self.port)],
            cwd=self.workdir,
            env={**self.env, "PYTHONPATH": str(REPO)} if self.cli == CLI else self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                # /metrics touches neither the store nor the fault plan's random stream.
                if self.http.get("/metrics", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"{self.name} did not answer within {START_TIMEOUT:.0f}s")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush, no commit runs."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._close()

    def stop(self) -> None:
        """SIGTERM and wait (bounded), SIGKILL if it lingers."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._close()

    def restart(self) -> None:
        """Start again after a kill or stop."""
        self.start()

    def _close(self) -> None:
        self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def tail(self, lines: int = 40) -> str:
        """The last lines of the process output, for failure messages."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def post(self, action: str, **fields: Any) -> httpx.Response:
        """POST one RetailOps action with the real key."""
        return self.http.post(f"/{action}_v1", json=envelope(action, **fields))

    def call(self, action: str, attempts: int = 6, **fields: Any) -> dict[str, Any]:
        """POST until a 200, as RetailOps retries a refused call (503 store unavailable); answers the body."""
        last = ""
        for _ in range(attempts):
            try:
                response = self.post(action, **fields)
            except httpx.TransportError as exc:
                last = type(exc).__name__
            else:
                if response.status_code == 200:
                    body: dict[str, Any] = response.json()
                    return body
                last = f"{response.status_code} {response.text[:300]}"
                assert response.status_code >= 500, last
            time.sleep(0.3)
        raise AssertionError(f"{action} never answered 200: {last}\n{self.tail()}")

    def metric(self, name: str) -> float:
        """Current value of an unlabelled Prometheus gauge."""
        for line in self.http.get("/metrics").text.splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[-1])
        raise AssertionError(f"metric {name} not exposed")

    def close(self) -> None:
        """Stop the process and close the client."""
        self.stop()
        self.http.close()


ConnectorFactory = Callable[..., ConnectorProcess]
