"""The real Shopify captures under ../shared/shopify/captures, loaded by relative path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .paths import CAPTURES


def load_capture(relative: str) -> dict[str, Any]:
    """One capture file, relative to the captures folder (store/version/area/name.json)."""
    path = CAPTURES / relative
    if not path.exists():
        pytest.fail(f"capture missing: {path}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
