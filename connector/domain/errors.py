"""Refusals actions raise for a request they cannot serve; connector.http maps each to a status."""

from __future__ import annotations


class RequestRefused(Exception):
    """The request itself is unusable (e.g. a tampered page token): nothing was done; HTTP 400."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
