"""ASGI app of the sandbox: Admin GraphQL endpoint, OAuth grant, bulk files, admin API."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from . import executor, idempotency
from .admin import admin_routes
from .config import SandboxConfig
from .deprecations import deprecated_in
from .faults import EXECUTING_KINDS, FaultRule
from .runtime import CallRecord, SandboxRuntime
from .store import Store

RAW_SEND = "sandbox.raw_send"
VERSION_HEADER = "X-Shopify-API-Version"
DEPRECATED_HEADER = "X-Shopify-API-Deprecated-Reason"
# Shopify's 401 body text (an error message, not a credential).
INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"  # noqa: S105


def _internal_error_body() -> dict[str, Any]:
    request_id = str(uuid.uuid4())
    message = (
        "Internal error. Looks like something went wrong on our end.\n"
        f"Request ID: {request_id} (include this in support requests)."
    )
    return {
        "errors": [
            {"message": message, "extensions": {"requestId": request_id, "code": "INTERNAL_SERVER_ERROR"}}
        ]
    }


class _Reset(Response):
    """A 'response' that drops the connection without answering (real server only)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_send = scope.get(RAW_SEND, send)
        transport = getattr(getattr(raw_send, "__self__", None), "transport", None)
        if transport is None:  # in-process transports cannot drop a socket
            raise ConnectionResetError("sandbox fault: connection reset")
        transport.abort()


async def _read_json(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        return None


def _fault_response(rule: FaultRule, runtime: SandboxRuntime, requested: int) -> Response:
    if rule.kind == "http_429":
        return JSONResponse(
            {
                "errors": "Exceeded 2 calls per second for api client. Reduce request rates to "
                "resume uninterrupted service."
            },
            status_code=429,
            headers={"Retry-After": f"{rule.retry_after:.1f}"},
        )
    if rule.kind == "throttled":
        return JSONResponse(executor.throttled_body(runtime, requested))
    if rule.kind == "reset":
        return _Reset()
    return JSONResponse(_internal_error_body(), status_code=rule.status if rule.kind == "http_5xx" else 500)


async def graphql_endpoint(request: Request) -> Response:
    """POST /admin/api/{version}/graphql.json."""
    runtime: SandboxRuntime = request.app.state.sandbox
    asked = request.path_params["version"]
    version = _served_version(runtime.config, asked)
    if version is None:
        return JSONResponse({"errors": "Not Found"}, status_code=404)
    response = await _graphql(request, runtime, version)
    # Every Admin API answer names the version that executed it (another than the one asked for
    # when the asked one is retired) -- https://shopify.dev/docs/api/usage/versioning
    response.headers[VERSION_HEADER] = version
    return response


def _served_version(config: SandboxConfig, asked: str) -> str | None:
    """The version that answers a request for `asked`; None when the sandbox knows no such version."""
    if asked in config.versions:
        return asked
    # Shopify serves a retired version's requests with the oldest supported stable version
    # (https://help.shopify.com/en/api/versioning/migration-guide, "X-Shopify-Api-Version").
    if asked in config.retired_versions:
        return min(config.versions)
    return None


async def _graphql(request: Request, runtime: SandboxRuntime, version: str) -> Response:
    if not runtime.token_valid(request.headers.get("x-shopify-access-token")):
        return JSONResponse({"errors": INVALID_TOKEN}, status_code=401)
    payload = await _read_json(request)
    failed, prepared = executor.plan(payload, version)
    op_name, roots = None, []
    if prepared is not None:
        op = prepared[1]
        op_name = op.name.value if op.name else None
        roots = executor.root_fields(op)
    rule = runtime.faults.pick(op_name, roots) if failed is None else None
    # A key is in flight from the moment its request arrives (IDEMPOTENCY_CONCURRENT_REQUEST).
    owner = object()
    keys = idempotency.operation_keys(prepared[1], prepared[2]) if prepared is not None else []
    held = runtime.store.idempotency.claim(keys, owner)
    try:
        return await _answer(request, runtime, version, payload, failed, rule, owner, op_name, roots)
    finally:
        runtime.store.idempotency.release(held, owner)


async def _answer(
    request: Request,
    runtime: SandboxRuntime,
    version: str,
    payload: Any,
    failed: executor.Outcome | None,
    rule: FaultRule | None,
    owner: object,
    op_name: str | None,
    roots: list[str],
) -> Response:
    """Inject the picked fault or execute the request; records the call."""
    if rule is not None and rule.kind == "slow":
        await asyncio.sleep(rule.delay_seconds)
    if rule is not None and rule.kind not in EXECUTING_KINDS:
        response = _fault_response(rule, runtime, 0)
        runtime.calls.add(
            CallRecord(op_name, roots, None, None, response.status_code, time.time(), version, rule.kind)
        )
        return response
    base_url = str(request.base_url).rstrip("/")
    outcome = executor.run(runtime, version, payload, base_url, owner) if failed is None else failed
    status = outcome.status
    response = JSONResponse(outcome.body, status_code=status)
    if failed is None:  # the request parsed and validated
        deprecated = deprecated_in(version, payload["query"])
        if deprecated:
            response.headers[DEPRECATED_HEADER] = ", ".join(deprecated)
    if rule is not None and rule.kind == "applied_then_500":
        response = JSONResponse(_internal_error_body(), status_code=500)
        status = 500
    if rule is not None and rule.kind == "applied_then_slow":
        await asyncio.sleep(rule.delay_seconds)
    if rule is not None and rule.kind == "applied_then_reset":
        response, status = _Reset(), 0
    runtime.calls.add(
        CallRecord(
            outcome.operation or op_name,
            outcome.root_fields or roots,
            outcome.requested,
            outcome.actual,
            status,
            time.time(),
            version,
            rule.kind if rule else None,
            outcome.error_code,
        )
    )
    return response


async def oauth_token(request: Request) -> Response:
    """POST /admin/oauth/access_token (client-credentials grant, form or JSON)."""
    runtime: SandboxRuntime = request.app.state.sandbox
    if "json" in request.headers.get("content-type", ""):
        data = await _read_json(request)
        params = {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    else:  # x-www-form-urlencoded (parsed here: no multipart dependency needed)
        params = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
    cfg = runtime.config
    if params.get("grant_type") != "client_credentials":
        return JSONResponse(
            {"error": "unsupported_grant_type", "error_description": "The grant type is not supported."},
            status_code=400,
        )
    if params.get("client_id") != cfg.client_id or params.get("client_secret") != cfg.client_secret:
        return JSONResponse(
            {"error": "invalid_client", "error_description": "Client authentication failed."},
            status_code=400,
        )
    token, lifetime = runtime.issue_token()
    return JSONResponse({"access_token": token, "scope": cfg.granted_scopes, "expires_in": lifetime})


async def bulk_file(request: Request) -> Response:
    """GET /_sandbox_bulk/{id}.jsonl?token=… (the signed-URL stand-in for bulk results)."""
    runtime: SandboxRuntime = request.app.state.sandbox
    op = runtime.store.bulk_operations.get(int(request.path_params["op_id"]))
    if op is None or op.result is None or request.query_params.get("token") != op.token:
        return Response("Not Found", status_code=404)
    return Response(op.result, media_type="application/jsonl")


class SandboxApp(Starlette):
    """Starlette app that keeps the server's own `send` (whose transport a reset fault aborts)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Remember the raw send callable, then dispatch as usual."""
        scope[RAW_SEND] = send
        await super().__call__(scope, receive, send)


def create_app(store: Store | None = None, config: SandboxConfig | None = None) -> SandboxApp:
    """Build the sandbox ASGI app over a store (empty store when none is given)."""
    runtime = SandboxRuntime(store=store or Store(), config=config or SandboxConfig())
    app = SandboxApp(
        routes=[
            Route("/admin/api/{version}/graphql.json", graphql_endpoint, methods=["POST"]),
            Route("/admin/oauth/access_token", oauth_token, methods=["POST"]),
            Route("/_sandbox_bulk/{op_id:int}.jsonl", bulk_file, methods=["GET"]),
            *admin_routes(),
        ]
    )
    app.state.sandbox = runtime
    return app
