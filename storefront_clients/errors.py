"""The storefront exception family: what every StorefrontClient raises, in connector terms."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class UserError:
    """One problem the storefront reported about an input (Shopify's `userErrors`)."""

    message: str
    code: str | None = None
    field: tuple[str, ...] = ()

    def describe(self) -> str:
        """Render the error for an event message; used by actions and logs."""
        where = ".".join(self.field)
        parts = [self.message]
        if self.code:
            parts.append(f"[{self.code}]")
        if where:
            parts.append(f"(field {where})")
        return " ".join(parts)


@dataclass
class StorefrontError(Exception):
    """Base of every storefront failure; `message` never contains a secret."""

    message: str
    user_errors: tuple[UserError, ...] = field(default=())

    def __str__(self) -> str:
        if not self.user_errors:
            return self.message
        return self.message + ": " + "; ".join(e.describe() for e in self.user_errors)


@dataclass
class TransientStorefrontError(StorefrontError):
    """Retryable: network failure, timeout, 5xx, throttling. The write may or may not have applied."""

    retry_after: float | None = None


@dataclass
class NoAnswerError(TransientStorefrontError):
    """No answer in time (timeout, dropped connection): the message is ours, not the store's."""


@dataclass
class ThrottledError(TransientStorefrontError):
    """The storefront refused for rate limiting (THROTTLED in a 200, or HTTP 429)."""


@dataclass
class PermanentStorefrontError(StorefrontError):
    """Not retryable as is: the storefront rejected the request (userErrors, 4xx, bad query)."""


@dataclass
class NotFoundError(PermanentStorefrontError):
    """The named storefront object does not exist (or is not visible to this app)."""


@dataclass
class AuthenticationError(PermanentStorefrontError):
    """The storefront refused the credentials (401/403 after a token refresh)."""
