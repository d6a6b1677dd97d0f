"""Fixtures for the Shopify client tests: the real captures, loaded by path."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.captures import load_capture


@pytest.fixture
def capture() -> Any:
    """The capture loader, as a fixture."""
    return load_capture
