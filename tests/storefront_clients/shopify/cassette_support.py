"""vcrpy cassettes for the Shopify client: playback config, secret scrubbing, and the recorder.

Cassettes live in ``tests/cassettes/shopify/``. Tests replay them with record mode "none". The
recorder (``record_cassettes.py``) runs each scenario against the sandbox app in-process; for the
operations a real capture exists for, the answer is that capture's response body instead.
Every request and response is scrubbed before it is written: the access-token header, any
``client_secret`` / ``access_token`` value, and anything shaped like a Shopify token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import vcr
import yaml  # type: ignore[import-untyped]
from vcr.request import Request as VcrRequest

from tests.support.cassettes import graphql_matcher
from tests.support.paths import CASSETTES as CASSETTE_ROOT

CASSETTES = CASSETTE_ROOT / "shopify"
FILTERED = "<filtered>"
SECRET_HEADERS = ("x-shopify-access-token", "authorization", "cookie", "set-cookie")
SECRET_FIELDS = ("client_secret", "access_token")
TOKEN_PATTERN = re.compile(r"shp(?:at|ca|ss|pa|ua)_[0-9A-Za-z]+")


def scrub_text(text: str) -> str:
    """A body with token-shaped strings and secret fields replaced."""
    text = TOKEN_PATTERN.sub(FILTERED, text)
    try:
        data = json.loads(text)
    except ValueError:
        pairs = parse_qsl(text, keep_blank_values=True)
        if pairs and any(k in SECRET_FIELDS for k, _ in pairs):
            return urlencode([(k, FILTERED if k in SECRET_FIELDS else v) for k, v in pairs])
        return text
    return json.dumps(_scrub_json(data), ensure_ascii=False, sort_keys=True)


def _scrub_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: FILTERED if k in SECRET_FIELDS else _scrub_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_json(v) for v in value]
    return value


def _scrubbed_request(request: VcrRequest) -> VcrRequest:
    if request.body:
        raw = request.body
        request.body = scrub_text(raw.decode() if isinstance(raw, bytes) else raw).encode()
    return request


def playback() -> vcr.VCR:
    """The VCR the tests replay with: record mode "none"; operation, document and variables must match."""
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="none",
        match_on=["method", "scheme", "host", "port", "path", "query", "graphql"],
        filter_headers=list(SECRET_HEADERS),
        # Live bodies are scrubbed as the recorded ones were (a client secret), then compared.
        before_record_request=_scrubbed_request,
        decode_compressed_response=True,
    )
    recorder.register_matcher("graphql", graphql_matcher)
    return recorder


Answer = Callable[[dict[str, Any]], dict[str, Any]]


class Recorder:
    """An httpx MockTransport handler that forwards to the sandbox app or answers from captures.

    `captures` maps an operation name to a queue of capture response bodies, used in order;
    every other request goes to the sandbox ASGI app. Each exchange is kept for the cassette.
    """

    def __init__(self, app: Any, captures: dict[str, list[dict[str, Any]]] | None = None) -> None:
        self._inner = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
        self._captures = {k: list(v) for k, v in (captures or {}).items()}
        self.exchanges: list[tuple[httpx.Request, bytes, httpx.Response, bytes]] = []
        self.used_captures: list[str] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.content
        operation = None
        if request.url.path.endswith("/graphql.json"):
            operation = json.loads(body).get("operationName")
        queue = self._captures.get(operation or "")
        if queue:
            answer = queue.pop(0)
            self.used_captures.append(str(operation))
            response = httpx.Response(200, json=answer)
        else:
            forwarded = await self._inner.request(
                request.method, str(request.url), content=body, headers=request.headers
            )
            response = httpx.Response(
                forwarded.status_code, headers=forwarded.headers, content=forwarded.content
            )
        content = response.content
        self.exchanges.append((request, body, response, content))
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    def write(self, name: str) -> Path:
        """Write the exchanges as a vcrpy cassette, scrubbed; answers its path."""
        interactions = []
        for request, body, response, content in self.exchanges:
            interactions.append(
                {
                    "request": {
                        "body": scrub_text(body.decode()) if body else None,
                        "headers": _headers(request.headers),
                        "method": request.method,
                        "uri": str(request.url),
                    },
                    "response": {
                        "status": {"code": response.status_code, "message": response.reason_phrase},
                        "headers": _headers(response.headers, keep=("content-type",)),
                        "body": {"string": scrub_text(content.decode())},
                    },
                }
            )
        path = CASSETTES / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.safe_dump({"interactions": interactions, "version": 1}, allow_unicode=True),
            encoding="utf-8",
        )
        return path

    async def aclose(self) -> None:
        """Close the forwarding client."""
        await self._inner.aclose()


def _headers(headers: httpx.Headers, keep: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, value in headers.items():
        lower = key.lower()
        if keep is not None and lower not in keep:
            continue
        if lower in ("content-length", "accept-encoding", "connection", "host", "user-agent"):
            continue
        result[key] = [FILTERED if lower in SECRET_HEADERS else value]
    return result


Scenario = Callable[[Any], Awaitable[Any]]
