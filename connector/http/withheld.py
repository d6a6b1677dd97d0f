"""Fields the store withheld from an answer: one warning event, a log line and a metric per request.

Called by the action endpoint when `storefront_clients.notices` collected field problems while the
action ran (data answered beside field-level errors). A store that does not grant the app
protected customer data still answers its orders; the denied fields (email, phone, addresses,
names) are absent, and the merchant is told which and what access would bring them back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from connector.retailops import EventCode, warning_event
from connector.retailops.responses import EventsResponse
from connector.services import Services
from storefront_clients.notices import FieldProblem

log = logging.getLogger("connector.http")


def withheld(
    services: Services, action: str, result: EventsResponse, problems: Sequence[FieldProblem]
) -> EventsResponse:
    """`result` with a warning naming the withheld fields; counts them by field on /metrics."""
    fields = sorted({p.field for p in problems})
    protected = sorted({p.field for p in problems if p.protected_customer_data})
    access = sorted({p.required_access for p in problems if p.required_access})
    for problem in problems:
        services.metrics.withheld_fields.labels(action, problem.field, problem.code or "").inc()
    log.warning(
        "store withheld fields from its answer",
        extra={"action": action, "fields": fields, "operations": sorted({p.operation for p in problems})},
    )
    if protected:
        message = (
            "The store did not let the connector read protected customer data ("
            + ", ".join(protected)
            + "): those fields are left empty. Grant the app access to protected customer data "
            "(name, address, phone, email) in the Shopify admin / Partner Dashboard to receive them"
        )
    else:
        message = "The store left out fields it does not let the connector read: " + ", ".join(fields)
    if access:
        message += " (Shopify asks for: " + "; ".join(access) + ")"
    event = warning_event(EventCode.CUSTOMER_DATA_WITHHELD, message)
    return result.model_copy(update={"events": [*result.events, event]})
