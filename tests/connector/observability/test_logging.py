"""Logs never carry secrets; every line is JSON with the request id."""

from __future__ import annotations

import json
import logging

import pytest

from connector.observability.logging import JsonFormatter, RedactingFilter, redact, request_id_var


@pytest.mark.parametrize(
    "text",
    [
        "token shpat_0123456789abcdef leaked",
        '{"integration_auth_token": "abcdef0123456789"}',
        "X-Shopify-Access-Token: abc123def456",
        "client_secret=abc123&grant_type=client_credentials",
    ],
)
def test_token_shapes_are_redacted(text: str) -> None:
    out = redact(text)
    assert "[REDACTED]" in out
    for secret in ("0123456789abcdef", "abcdef0123456789", "abc123def456", "abc123&"):
        assert secret not in out


def test_configured_secrets_are_redacted_in_message_args_and_tracebacks() -> None:
    record_holder: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            record_holder.append(self.format(record))

    handler = Capture()
    handler.addFilter(RedactingFilter(["my-retailops-key-42"]))
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("test.redaction")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    token = request_id_var.set("req-1")
    try:
        log.info("key is %s", "my-retailops-key-42")
        try:
            raise ValueError("bad key my-retailops-key-42")
        except ValueError:
            log.exception("failed")
    finally:
        request_id_var.reset(token)
        log.removeHandler(handler)
    assert record_holder
    for line in record_holder:
        assert "my-retailops-key-42" not in line
        doc = json.loads(line)
        assert doc["request_id"] == "req-1"
