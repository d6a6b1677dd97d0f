"""Every Shopify token prefix is redacted, by the log filter and in the client's error messages."""

from __future__ import annotations

import logging

import pytest

from connector.observability.logging import RedactingFilter, redact
from storefront_clients.shopify.errors import redact as redact_client_text

# Shopify's token kinds: Admin API access, custom app, partner app, shared secret, user access.
PREFIXES = ("shpat_", "shpca_", "shppa_", "shpss_", "shpua_")
BODY = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_prefix_is_redacted_from_log_text(prefix: str) -> None:
    out = redact(f"sent {prefix}{BODY} to the store")
    assert out == "sent [REDACTED] to the store"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_prefix_is_redacted_from_a_log_record(prefix: str) -> None:
    record = logging.makeLogRecord({"msg": "token %s", "args": (f"{prefix}{BODY}",)})
    RedactingFilter().filter(record)
    assert record.getMessage() == "token [REDACTED]"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_prefix_is_redacted_from_client_error_text(prefix: str) -> None:
    assert BODY not in redact_client_text(f"Shopify said: bad token {prefix}{BODY}")


def test_text_that_only_looks_similar_is_kept() -> None:
    assert redact("shpxx_0123456789 and shpat_ short") == "shpxx_0123456789 and shpat_ short"
