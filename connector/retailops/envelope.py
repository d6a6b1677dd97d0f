"""The fields every RetailOps request shares (`integration_auth_token`, `action`, `version`,
`client_id`, `channel_info`); the base class of the eleven request models."""

from __future__ import annotations

from pydantic import Field

from connector.retailops.base import RequestModel
from connector.retailops.scalars import Int, Text

__all__ = ["ChannelInfo", "RequestEnvelope"]


class ChannelInfo(RequestModel):
    """`channel_info`: which RetailOps channel is calling."""

    id: Int | None = None


class RequestEnvelope(RequestModel):
    """The common request envelope; `action`, `version`, `client_id`, `channel_info` are required.

    The app dispatches on the URL path, not on `action`: the official order_pull example sends
    `"action": "SDK.order_pull.order_fetch"`. The token is optional here so that a missing token
    answers 401 from the auth check rather than 422 from validation.
    """

    # Kept out of repr() and model_dump() so a logged or persisted request never carries it.
    integration_auth_token: Text | None = Field(default=None, repr=False, exclude=True)
    action: Text
    version: Int
    client_id: Int
    channel_info: ChannelInfo
