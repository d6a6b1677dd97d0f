"""The sandbox store as tests and benchmarks drive it: one server starter and one admin API client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storefront_clients.sandbox import SandboxConfig, Store
from storefront_clients.sandbox.runtime import SandboxRuntime
from storefront_clients.sandbox.server import ServerHandle, start_server

INVENTORY_SET = "inventorySetQuantities"
ADMIN_TIMEOUT = httpx.Timeout(30.0)


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


class SandboxAdmin:
    """The sandbox's loopback admin API (/_sandbox/...): store state, orders, faults, call log, bucket."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=ADMIN_TIMEOUT)

    def _json(self, method: str, path: str, **kw: Any) -> Any:
        response = self.http.request(method, path, **kw)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def orders(self) -> list[dict[str, Any]]:
        """Every order as the store holds it."""
        return list(self._json("GET", "/_sandbox/state/orders")["orders"])

    def orders_by_name(self) -> dict[str, dict[str, Any]]:
        """Every order's inspectable state by name (#1001 …)."""
        return {o["name"]: o for o in self.orders()}

    def order(self, name: str) -> dict[str, Any]:
        """One order by name (#1001 …)."""
        found = self._json("GET", "/_sandbox/state/orders", params={"name": name})["orders"]
        assert len(found) == 1, name
        result: dict[str, Any] = found[0]
        return result

    def refnum(self, name: str) -> str:
        """channel_order_refnum of an order (the numeric tail of its GID)."""
        return str(self.order(name)["id"].rsplit("/", 1)[-1])

    def line_ref(self, name: str, sku: str) -> str:
        """channel_item_refnum of the order's line for a SKU."""
        line = next(li for li in self.order(name)["lines"] if li["sku"] == sku)
        return str(line["id"].rsplit("/", 1)[-1])

    def add_order(self, description: dict[str, Any]) -> dict[str, Any]:
        """Create an order from a compact description (storefront_clients.sandbox.order_builder)."""
        response = self.http.post("/_sandbox/orders", json=description)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def readiness(self, name: str, **changes: Any) -> dict[str, Any]:
        """Set an order's risk levels, hold / release its fulfilment orders, or schedule them."""
        result: dict[str, Any] = self._json(
            "POST", "/_sandbox/orders/readiness", json={"name": name, **changes}
        )
        return result

    def webhooks(self, **changes: Any) -> dict[str, Any]:
        """Webhook subscriptions and deliveries; changes (paused, delete_topic, uninstall) apply first."""
        if changes:
            result: dict[str, Any] = self._json("POST", "/_sandbox/webhooks", json=changes)
        else:
            result = self._json("GET", "/_sandbox/webhooks")
        return result

    def inventory(self, *skus: str) -> list[dict[str, Any]]:
        """Variants, items and levels for SKUs."""
        params: list[tuple[str, str | int | float | bool | None]] = [("sku", s) for s in skus]
        return list(self._json("GET", "/_sandbox/state/inventory", params=params)["variants"])

    def available(self, skus: list[str], location: str) -> dict[str, int]:
        """`available` per SKU at a location GID (SKUs absent from the store are absent)."""
        found: dict[str, int] = {}
        for start in range(0, len(skus), 200):
            for v in self.inventory(*skus[start : start + 200]):
                found[v["sku"]] = int(v["levels"][location]["available"])
        return found

    def primary_location(self) -> str:
        """GID of the shop's primary location."""
        summary = self._json("GET", "/_sandbox/state")
        return str(next(loc["id"] for loc in summary["locations"] if loc["primary"]))

    def calls(self) -> list[dict[str, Any]]:
        """The GraphQL call log (operation, root fields, requested/actual cost, status, fault)."""
        body = self._json("GET", "/_sandbox/calls")
        return list(body["calls"] if isinstance(body, dict) else body)

    def clear_calls(self) -> None:
        """Forget the call log."""
        self._json("DELETE", "/_sandbox/calls")

    def set_faults(self, rules: list[dict[str, Any]], seed: int | None = None) -> None:
        """Replace the fault rules (seeding the chance generator when given)."""
        body: dict[str, Any] = {"rules": rules}
        if seed is not None:
            body["seed"] = seed
        self._json("POST", "/_sandbox/faults", json=body)

    def faults(self) -> list[dict[str, Any]]:
        """The active rules with their remaining counts."""
        return list(self._json("GET", "/_sandbox/faults")["rules"])

    def clear_faults(self) -> None:
        """Drop every fault rule."""
        self.http.delete("/_sandbox/faults").raise_for_status()

    def bulk(self, **changes: Any) -> None:
        """Bulk operation knobs: bulk_running_polls, bulk_outcome (+ bulk_error_code) of the next one."""
        self._json("POST", "/_sandbox/config", json=changes)

    def drain(self, level: float = 0.0) -> None:
        """Empty the rate-limit bucket (to `level`) so a run measures the sustained rate, not the burst."""
        self._json("POST", "/_sandbox/config", json={"fill": level})

    def fill(self) -> None:
        """Fill the bucket (a shop that has been idle)."""
        self._json("POST", "/_sandbox/config", json={"fill": True})

    def close(self) -> None:
        """Close the HTTP client."""
        self.http.close()


@dataclass
class SandboxServer:
    """A running sandbox on a loopback port: its runtime, the optional body recorder, an admin client."""

    handle: ServerHandle
    recorder: Recorder | None
    admin: SandboxAdmin

    @property
    def base_url(self) -> str:
        """Base URL (the connector's SHOPIFY_ADMIN_URL)."""
        return self.handle.base_url

    @property
    def runtime(self) -> SandboxRuntime:
        """Store, faults, bucket and call log of the running sandbox."""
        return self.handle.runtime

    @property
    def store(self) -> Store:
        """The store the sandbox serves."""
        return self.handle.runtime.store

    @property
    def token(self) -> str:
        """The static Admin API token the connector must send."""
        return self.handle.runtime.config.access_token

    @property
    def scale(self) -> float:
        """How much faster than real time the bucket refills."""
        return self.handle.runtime.config.time_scale

    def graphql_url(self, version: str = "2026-07") -> str:
        """The Admin GraphQL endpoint URL for a version."""
        return self.handle.graphql_url(version)

    def inventory_batches(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """(idempotency key, quantities) of every inventorySetQuantities request received, in order."""
        assert self.recorder is not None, "start the sandbox with record=True"
        return self.recorder.inventory_batches()

    def applied_inventory_keys(self) -> set[str]:
        """Idempotency keys of inventorySetQuantities calls the store applied (each exactly once)."""
        with self.store.lock:
            records = self.store.idempotency.records
            return {k for (m, k), r in records.items() if m == INVENTORY_SET and r.state == "succeeded"}

    def stop(self) -> None:
        """Stop the server and close the admin client."""
        self.admin.close()
        self.handle.stop(10)


def start_sandbox(
    store: Store, config: SandboxConfig | None = None, *, record: bool = False, time_scale: float = 50.0
) -> SandboxServer:
    """Serve `store` on a free loopback port; returns once it accepts connections.

    The default config restores the bucket 50x faster than real time so rate limits never stall a
    test; `record` keeps every GraphQL body the store received (SandboxServer.recorder).
    """
    cfg = config or SandboxConfig(time_scale=time_scale)
    recorder: Recorder | None = None

    def wrap(app: ASGIApp) -> ASGIApp:
        nonlocal recorder
        recorder = Recorder(app)
        return recorder

    # "critical" when recording: a reset fault makes uvicorn log an error for every dropped connection.
    handle = start_server(
        0, store, cfg, wrap=wrap if record else None, log_level="critical" if record else "warning"
    )
    return SandboxServer(handle, recorder, SandboxAdmin(handle.base_url))


def wait_until(check: Callable[[], bool], timeout: float, what: str, every: float = 0.05) -> None:
    """Poll `check` until true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s: {what}")
        time.sleep(every)


SandboxFactory = Callable[..., SandboxServer]
