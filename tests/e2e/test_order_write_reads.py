"""Order writes read the order once, end to end over HTTP against the sandbox.

order_complete and order_settle_payment decide on the full order their action reads; the intent's
first try reuses that read (nothing of a brand-new intent can be in the store yet) instead of
reading it again, ~44 actual points each. A retry reads again: an earlier try may have applied.
"""

from __future__ import annotations

import pytest

from connector.settings import Settings
from tests.support.builders import charge
from tests.support.calls import Call
from tests.support.sandbox import SandboxAdmin


@pytest.fixture
def e2e_settings(e2e_settings: Settings) -> Settings:
    """A 1 s store timeout: a lost answer is held 2 s, then tried again within the request's budget."""
    return e2e_settings.model_copy(
        update={"shopify_timeout_seconds": 1.0, "connector_write_budget_seconds": 8.0}
    )


def reads(admin: SandboxAdmin) -> int:
    return [c["operation"] for c in admin.calls()].count("OrdersById")


def test_complete_reads_the_order_once(ro: Call, admin: SandboxAdmin) -> None:
    ref = admin.refnum("#1006")
    admin.clear_calls()
    body = ro("order_complete", order={"channel_order_refnum": ref})
    assert body["status"] == "success"
    assert admin.order("#1006")["closed"] is True
    assert reads(admin) == 1


def test_settle_reads_the_order_once_and_a_retry_reads_again(ro: Call, admin: SandboxAdmin) -> None:
    ref = admin.refnum("#1004")
    total = float(admin.order("#1004")["total"])
    admin.set_faults([{"kind": "applied_then_500", "match": "orderCapture", "count": 1}])
    admin.clear_calls()
    body = ro("order_settle_payment", order={"channel_order_refnum": ref}, payment=charge(1, total))
    assert body["events"] == []
    assert admin.order("#1004")["financial_status"] == "PAID"
    # The action's read; the try after the capture that applied but answered 500 reads again,
    # finds the capture, and takes nothing twice.
    assert reads(admin) == 2
    assert [t["kind"] for t in admin.order("#1004")["transactions"]].count("CAPTURE") == 1
