"""Shared helper of the request-model tests: the 422 messages a body produces."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from connector.retailops.events import EventCode, validation_events


def invalid_messages(model: type[Any], body: dict[str, Any]) -> list[str]:
    """Validate and return the 422 event messages (fails the test if the body is accepted)."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    events = validation_events(caught.value)
    assert all(event.code == EventCode.INVALID_REQUEST for event in events)
    assert all(event.event_type == "error" for event in events)
    return [event.message for event in events]
