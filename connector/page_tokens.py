"""Signed, expiring order_pull page tokens: opaque to RetailOps, tamper-evident for the connector."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from connector.settings import Settings


class BadPageToken(ValueError):
    """The token was altered, is malformed, or has expired."""


@dataclass(frozen=True)
class PageTokens:
    """Signs and verifies page tokens with a key derived from the connector's secrets."""

    key: bytes
    ttl_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> PageTokens:
        """Key from CONNECTOR_PAGE_TOKEN_SECRET, else derived from the integration key (survives restarts)."""
        secret = settings.connector_page_token_secret or settings.retailops_integration_auth_key
        material = secret.get_secret_value() if secret else "retailops-connector-sandbox"
        key = hmac.new(material.encode(), b"order_pull page token v1", hashlib.sha256).digest()
        return cls(key, settings.connector_page_token_ttl_seconds)

    def _sign(self, body: bytes) -> str:
        return base64.urlsafe_b64encode(hmac.new(self.key, body, hashlib.sha256).digest()[:18]).decode()

    def issue(self, cursor: str) -> str:
        """A token that resumes listing at a storefront cursor."""
        body = json.dumps({"c": cursor, "t": int(time.time())}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(body).decode().rstrip("=") + "." + self._sign(body)

    def read(self, token: str) -> str:
        """The storefront cursor inside a token; raises BadPageToken if tampered with or expired."""
        try:
            encoded, signature = token.split(".", 1)
            body = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (ValueError, TypeError) as exc:
            raise BadPageToken("page_token is malformed") from exc
        if not hmac.compare_digest(signature, self._sign(body)):
            raise BadPageToken("page_token was not issued by this connector or was altered")
        data = json.loads(body)
        if time.time() - int(data["t"]) > self.ttl_seconds:
            raise BadPageToken("page_token has expired; start again with a blank page_token")
        return str(data["c"])
