"""The sandbox store as the guarantee tests see it: a real server that also records every GraphQL body."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storefront_clients.sandbox import SandboxConfig, Store, create_app
from storefront_clients.sandbox.runtime import SandboxRuntime
from storefront_clients.sandbox.schema import executable_schema

INVENTORY_SET = "inventorySetQuantities"
TIMEOUT = httpx.Timeout(10.0)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Recorder:
    """ASGI wrapper keeping every GraphQL request body the store received (even ones a fault ate)."""

    app: ASGIApp
    bodies: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer the request body, note it, then replay it to the sandbox app untouched."""
        if scope["type"] != "http" or not scope["path"].endswith("/graphql.json"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        raw = b"".join(chunks)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if isinstance(body, dict):
            with self.lock:
                self.bodies.append(body)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}

        # `send` goes through unchanged: the sandbox's reset fault aborts the socket behind it.
        await self.app(scope, replay, send)

    def inventory_batches(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """(idempotency key, quantities) of every inventorySetQuantities request, in arrival order."""
        with self.lock:
            bodies = list(self.bodies)
        found = []
        for body in bodies:
            if INVENTORY_SET not in str(body.get("query", "")):
                continue
            variables = body.get("variables") or {}
            found.append((str(variables.get("key")), list(variables["input"]["quantities"])))
        return found


@dataclass
class SandboxServer:
    """A running recorded sandbox: base URL, runtime (store, faults, calls) and the recorder."""

    base_url: str
    runtime: SandboxRuntime
    recorder: Recorder
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def token(self) -> str:
        """The static Admin API token the connector must send."""
        return self.runtime.config.access_token

    def applied_inventory_keys(self) -> set[str]:
        """Idempotency keys of inventorySetQuantities calls the store applied (each exactly once)."""
        with self.runtime.store.lock:
            records = self.runtime.store.idempotency.records
            return {k for (m, k), r in records.items() if m == INVENTORY_SET and r.state == "succeeded"}

    def stop(self) -> None:
        """Stop uvicorn and wait for its thread (bounded)."""
        self.server.should_exit = True
        self.thread.join(10)


def start_sandbox(store: Store, config: SandboxConfig | None = None) -> SandboxServer:
    """Serve `store` on a free loopback port behind a recorder; returns once it accepts connections."""
    port = free_port()
    cfg = config or SandboxConfig()
    cfg.base_url = f"http://127.0.0.1:{port}"
    for version in cfg.versions:
        executable_schema(version)
    app = create_app(store, cfg)
    recorder = Recorder(app)
    server = uvicorn.Server(
        # "critical": a reset fault makes uvicorn log an error for every dropped connection.
        uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name=f"guarantee-sandbox-{port}", daemon=True)
    thread.start()
    wait_until(lambda: server.started, 10, f"sandbox did not start on {port}")
    return SandboxServer(cfg.base_url, app.state.sandbox, recorder, server, thread)


def wait_until(check: Callable[[], bool], timeout: float, what: str, every: float = 0.05) -> None:
    """Poll `check` until true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s: {what}")
        time.sleep(every)


class StoreAdmin:
    """The sandbox's loopback admin API: faults, state and the call log."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=TIMEOUT)

    def set_faults(self, rules: list[dict[str, Any]], seed: int | None = None) -> None:
        """Replace the fault rules (seeding the chance generator when given)."""
        body: dict[str, Any] = {"rules": rules}
        if seed is not None:
            body["seed"] = seed
        response = self.http.post("/_sandbox/faults", json=body)
        assert response.status_code == 200, response.text

    def faults(self) -> list[dict[str, Any]]:
        """The active rules with their remaining counts."""
        rules: list[dict[str, Any]] = self.http.get("/_sandbox/faults").json()["rules"]
        return rules

    def clear_faults(self) -> None:
        """Drop every fault rule."""
        self.http.delete("/_sandbox/faults").raise_for_status()

    def available(self, skus: list[str], location: str) -> dict[str, int]:
        """`available` per SKU at a location GID (SKUs absent from the store are absent)."""
        found: dict[str, int] = {}
        for start in range(0, len(skus), 200):
            params: list[tuple[str, str | int | float | bool | None]] = [
                ("sku", s) for s in skus[start : start + 200]
            ]
            variants = self.http.get("/_sandbox/state/inventory", params=params).json()["variants"]
            for v in variants:
                found[v["sku"]] = int(v["levels"][location]["available"])
        return found

    def primary_location(self) -> str:
        """GID of the shop's primary location."""
        summary = self.http.get("/_sandbox/state").json()
        return str(next(loc["id"] for loc in summary["locations"] if loc["primary"]))

    def orders(self) -> dict[str, dict[str, Any]]:
        """Every order's inspectable state by name."""
        orders = self.http.get("/_sandbox/state/orders").json()["orders"]
        return {o["name"]: o for o in orders}

    def add_order(self, description: dict[str, Any]) -> dict[str, Any]:
        """Create an order from a compact description."""
        response = self.http.post("/_sandbox/orders", json=description)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def calls(self) -> list[dict[str, Any]]:
        """The GraphQL call log (operation, root fields, status, fault)."""
        calls: list[dict[str, Any]] = self.http.get("/_sandbox/calls").json()["calls"]
        return calls

    def close(self) -> None:
        """Close the HTTP client."""
        self.http.close()
