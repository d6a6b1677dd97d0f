"""order_pull page tokens: opaque, signed, expiring."""

from __future__ import annotations

import time

import pytest

from connector.page_tokens import BadPageToken, PageTokens


def test_a_token_round_trips_its_cursor() -> None:
    tokens = PageTokens(b"k" * 32, 60)
    assert tokens.read(tokens.issue("eyJsYXN0X2lkIjo1fQ==")) == "eyJsYXN0X2lkIjo1fQ=="


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-3] + "abc", lambda t: "x" + t, lambda t: t.split(".")[0], lambda t: ""]
)
def test_tampered_or_malformed_tokens_are_refused(mangle: object) -> None:
    tokens = PageTokens(b"k" * 32, 60)
    with pytest.raises(BadPageToken):
        tokens.read(mangle(tokens.issue("cursor")))  # type: ignore[operator]


def test_a_token_from_another_key_is_refused() -> None:
    with pytest.raises(BadPageToken, match="not issued by this connector"):
        PageTokens(b"a" * 32, 60).read(PageTokens(b"b" * 32, 60).issue("cursor"))


def test_an_expired_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = PageTokens(b"k" * 32, 60)
    token = tokens.issue("cursor")
    monkeypatch.setattr(time, "time", lambda: 10**10)
    with pytest.raises(BadPageToken, match="expired"):
        tokens.read(token)
