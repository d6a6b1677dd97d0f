"""The connector's HTTP error family; routes map each to a status and an `events` body in one place."""

from __future__ import annotations

from starlette.responses import Response

from connector.retailops import Event, EventCode, error_event
from connector.retailops.responses import ErrorResponse

JSON = "application/json"


class ApiError(Exception):
    """A request the connector refuses: HTTP status plus the events that say why."""

    def __init__(self, status: int, events: list[Event], headers: dict[str, str] | None = None):
        super().__init__(events[0].message if events else str(status))
        self.status = status
        self.events = events
        self.headers = headers or {}

    @classmethod
    def bad_request(cls, code: str, message: str) -> ApiError:
        """400: the body is not a usable JSON object (or a page token is bad)."""
        return cls(400, [error_event(code, message)])

    @classmethod
    def too_large(cls, limit: int) -> ApiError:
        """413: the body is over the configured limit."""
        return cls(
            413,
            [error_event(EventCode.PAYLOAD_TOO_LARGE, f"The request body exceeds {limit} bytes")],
        )

    @classmethod
    def unauthorized(cls) -> ApiError:
        """401: the integration token is missing or wrong (never echoed)."""
        return cls(
            401,
            [
                error_event(
                    EventCode.AUTH,
                    "integration_auth_token is missing or not valid for this connector",
                )
            ],
        )

    @classmethod
    def invalid(cls, events: list[Event]) -> ApiError:
        """422: the body does not match the action's schema; one event per failing field."""
        return cls(422, events)

    @classmethod
    def unavailable(cls, message: str, retry_after: float | None) -> ApiError:
        """503: the storefront cannot answer now and nothing was accepted; RetailOps retries."""
        headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after else {}
        return cls(503, [error_event(EventCode.STOREFRONT_UNAVAILABLE, message)], headers)

    def response(self, request_id: str) -> Response:
        """The JSON answer for this error."""
        return events_response(self.events, self.status, {**self.headers, "x-request-id": request_id})


def events_response(events: list[Event], status: int, headers: dict[str, str] | None = None) -> Response:
    """A JSON body holding only `events`, for every non-200 answer."""
    body = ErrorResponse(events=events).to_json_bytes()
    return Response(body, status_code=status, media_type=JSON, headers=headers)
