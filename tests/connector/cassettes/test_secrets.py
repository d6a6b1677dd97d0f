"""No cassette anywhere under tests/cassettes/ holds a secret (Shopify tokens, RetailOps keys)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storefront_clients.shopify.test_cassettes import find_secrets
from tests.support.builders import AUTH_KEY

from .vcr_setup import CASSETTES

ALL_CASSETTES = CASSETTES.parent
# Values a test or the sandbox uses as a credential: none may reach a cassette either.
KNOWN_SECRETS = (AUTH_KEY, "RETAILOPS_SDK", "integration_auth_token", "replay-token-not-real")


def secrets_in(text: str) -> list[str]:
    """Every secret-looking value in a cassette's text (the Shopify client scan plus our own values)."""
    return find_secrets(text) + [s for s in KNOWN_SECRETS if s in text]


def cassette_files() -> list[Path]:
    """Every cassette under tests/cassettes/, whichever suite recorded it."""
    return sorted(ALL_CASSETTES.rglob("*.yaml"))


def test_the_scan_sees_both_suites() -> None:
    folders = {p.parent.name for p in cassette_files()}
    assert {"shopify", "actions"} <= folders


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_cassette_contains_a_secret(path: Path) -> None:
    assert secrets_in(path.read_text(encoding="utf-8")) == []


def test_action_cassettes_name_only_the_fixed_host() -> None:
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text, path.name
        assert "localhost" not in text, path.name


@pytest.mark.parametrize(
    "leak",
    [
        "X-Shopify-Access-Token:\n      - sandbox-admin-token",
        f'{{"integration_auth_token": "{AUTH_KEY}"}}',
        "token shpat_0123456789abcdef",
    ],
)
def test_the_scan_catches_leaks(leak: str) -> None:
    assert secrets_in(leak)
