"""RetailOps request authentication: `integration_auth_token` from the body, compared in constant time."""

from __future__ import annotations

import hmac
from typing import Any

from connector.http.errors import ApiError


def check_token(body: dict[str, Any], accepted: list[str]) -> None:
    """Raise 401 unless the body's token equals one accepted key; every key is compared."""
    token = body.get("integration_auth_token")
    if not isinstance(token, str) or not token:
        raise ApiError.unauthorized()
    given = token.encode("utf-8")
    matched = False
    # Compare against every key (no early exit) so timing does not reveal which one matched.
    for key in accepted:
        matched |= hmac.compare_digest(given, key.encode("utf-8"))
    if not matched:
        raise ApiError.unauthorized()
