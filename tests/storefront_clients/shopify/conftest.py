"""Fixtures for the Shopify client tests: the real captures, loaded by path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
# CI clones the repo beside a copy of shared/; a developer's tree has the same layout.
CAPTURES = REPO_ROOT.parent / "shared" / "shopify" / "captures"
HARRY = CAPTURES / "harry-test-heelo.myshopify.com"
BIG = CAPTURES / "very-big-test-store.myshopify.com"


def load_capture(relative: str) -> dict[str, Any]:
    """One capture file, relative to the captures folder (store/version/area/name.json)."""
    path = CAPTURES / relative
    if not path.exists():
        pytest.fail(f"capture missing: {path}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def capture() -> Any:
    """The capture loader, as a fixture."""
    return load_capture
