"""vcrpy configuration of the action cassettes: where they live, the matcher, the scrubbing.

Used by the replay tests (record mode "none") and by ``record.py`` (record mode "all"). Requests
match on operation, normalised document and variables (``tests.support.cassettes``). Recorded
traffic has the sandbox's loopback base URL rewritten to ``FIXED_BASE`` and every secret replaced
by the filtered marker, in requests and responses alike; the scrubbing is the Shopify client
cassettes' (``tests.storefront_clients.shopify.cassette_support``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import vcr
from vcr.request import Request as VcrRequest

from tests.storefront_clients.shopify.cassette_support import FILTERED, SECRET_HEADERS, scrub_text
from tests.support.cassettes import graphql_matcher
from tests.support.paths import CASSETTES as CASSETTE_ROOT

CASSETTES = CASSETTE_ROOT / "actions"
# Replay points the connector here; recording rewrites the sandbox's 127.0.0.1:<port> to it.
FIXED_BASE = "http://sandbox.invalid"
# Response headers worth keeping; the rest (date, server, request ids) only make re-recordings noisy.
KEPT_RESPONSE_HEADERS = ("content-type",)
KEPT_REQUEST_HEADERS = ("content-type", "user-agent")


def _scrub_request(request: VcrRequest) -> VcrRequest:
    # Keep what tells the call apart; Host (a loopback port) and length only make re-recordings noisy.
    request.headers = {
        name: value
        for name, value in request.headers.items()
        if name.lower() in KEPT_REQUEST_HEADERS or name.lower() in SECRET_HEADERS
    }
    if request.body:
        raw = request.body
        request.body = scrub_text(raw.decode() if isinstance(raw, bytes) else raw)
    return request


def _rewrite_host(base_url: str) -> Callable[[VcrRequest], VcrRequest]:
    def rewrite(request: VcrRequest) -> VcrRequest:
        if request.uri.startswith(base_url):
            request.uri = FIXED_BASE + request.uri[len(base_url) :]
        return request

    return rewrite


def _scrub_response(base_url: str | None) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def scrub(response: dict[str, Any]) -> dict[str, Any]:
        raw = response["body"]["string"]
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        if base_url:
            text = text.replace(base_url, FIXED_BASE)
        headers = {
            name: [FILTERED if name.lower() in SECRET_HEADERS else v for v in values]
            for name, values in response["headers"].items()
            if name.lower() in KEPT_RESPONSE_HEADERS
        }
        scrubbed = scrub_text(text)
        # vcrpy also runs this on interactions it loads; keep the body's type (bytes there).
        body = scrubbed.encode() if isinstance(raw, bytes) else scrubbed
        return {**response, "headers": headers, "body": {"string": body}}

    return scrub


def _configured(record_mode: str, base_url: str | None) -> vcr.VCR:
    before_request: list[Callable[[VcrRequest], VcrRequest]] = [_scrub_request]
    if base_url:
        before_request.insert(0, _rewrite_host(base_url))
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        serializer="yaml",
        record_mode=record_mode,
        match_on=["method", "scheme", "host", "port", "path", "query", "graphql"],
        filter_headers=[(name, FILTERED) for name in SECRET_HEADERS],
        before_record_request=before_request,
        before_record_response=_scrub_response(base_url),
        decode_compressed_response=True,
    )
    recorder.register_matcher("graphql", graphql_matcher)
    return recorder


def playback() -> vcr.VCR:
    """The VCR the tests replay with: record mode "none", so a request not in the cassette fails."""
    return _configured("none", None)


def recording(sandbox_base_url: str) -> vcr.VCR:
    """The VCR the recorder uses: every request goes to the sandbox and is written, rewritten and scrubbed."""
    return _configured("all", sandbox_base_url)


def cassette_path(name: str) -> Path:
    """The cassette file of a scenario."""
    return CASSETTES / f"{name}.yaml"
