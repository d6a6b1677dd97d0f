"""ASGI middleware around the whole app: repeated-slash paths and the single error boundary."""

from __future__ import annotations

import logging
import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connector.http.errors import events_response
from connector.observability.logging import request_id_var
from connector.retailops import EventCode, error_event

log = logging.getLogger("connector.http")

REQUEST_ID_KEY = "connector.request_id"
_SLASHES = re.compile(r"/{2,}")
_RAW_SLASHES = re.compile(rb"/{2,}")
# A client's x-request-id is reused only when it is short and plain, so it cannot forge log lines.
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id(scope: Scope) -> str:
    """The id the error boundary gave this request (routes answer it in `x-request-id`)."""
    rid = scope.get(REQUEST_ID_KEY)
    return rid if isinstance(rid, str) else uuid.uuid4().hex


class CollapseSlashes:
    """Serve `//order_pull_v1` (and `/order_pull_v1/`) as `/order_pull_v1`: the verifier's README
    writes its base URL with a trailing `/` and joins it to each `/<action>_v1` href, so every path
    starts with `//`. A trailing `/` is dropped here rather than redirected (a 307 built from the
    client's Host header could point anywhere)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite `path` and `raw_path` of HTTP requests, then route as usual."""
        path = scope.get("path", "")
        if scope["type"] == "http" and ("//" in path or (len(path) > 1 and path.endswith("/"))):
            scope = dict(scope)
            scope["path"] = _SLASHES.sub("/", path).rstrip("/") or "/"
            raw = scope.get("raw_path")
            if isinstance(raw, bytes):
                scope["raw_path"] = _RAW_SLASHES.sub(b"/", raw).rstrip(b"/") or b"/"
        await self.app(scope, receive, send)


class ErrorBoundary:
    """The app's one error boundary: an exception nothing else handled is logged once (with the
    request id) and answered as a JSON `events` 500, and the connection stays open for the next
    request. Starlette's own ServerErrorMiddleware would re-raise, and uvicorn then drops the
    keep-alive connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request; on an escaped exception answer 500 if nothing was sent yet."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        rid = given if given and _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        scope[REQUEST_ID_KEY] = rid
        token = request_id_var.set(rid)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception(
                "unhandled error on %s %s (request %s)",
                scope.get("method"),
                scope.get("path"),
                rid,
                extra={"request_id": rid},
            )
            if started:
                # Half an answer is on the wire; nothing sound can follow it on this connection.
                raise
            response = events_response(
                [error_event(EventCode.INTERNAL_ERROR, "The connector failed unexpectedly; see its logs")],
                500,
                {"x-request-id": rid},
            )
            await response(scope, receive, send)
        finally:
            request_id_var.reset(token)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return bytes(value).decode("latin-1")
    return None
