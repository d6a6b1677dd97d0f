"""Which store orders order_pull offers; the same set holds stock RetailOps has not imported yet."""

from __future__ import annotations

from connector.settings import Settings
from storefront_clients.base import OrderQuery


def pull_query(settings: Settings) -> OrderQuery:
    """The orders order_pull offers (open, payable, not tagged imported); also what holds stock unimported."""
    return OrderQuery(
        open_only=True,
        financial_statuses=tuple(settings.connector_pull_financial_statuses),
        without_tag=settings.connector_order_tag,
    )
