"""Order writes: tags, line edits, cancellation (job awaited), capture, mark-as-paid.

Called by ``ShopifyClient``. Which calls the transport may resend after an ambiguous failure
(timeout or 5xx after sending): tagsAdd (adding a tag twice is harmless), orderEditBegin (opens
a throw-away session), orderEditSetQuantity (absolute). Never resent, raised as
TransientStorefrontError instead: orderEditAddVariant, orderEditCommit, orderCancel, orderCapture,
orderMarkAsPaid. orderEditAddVariant is sent with ``allowDuplicates: false``: a variant an earlier,
unanswered commit already added is refused ("already on the order") and skipped, never doubled.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Sequence

from storefront_clients.base import (
    CancelOptions,
    LineEdit,
    Money,
    StoreOrder,
    Transaction,
)
from storefront_clients.errors import (
    NotFoundError,
    PermanentStorefrontError,
    TransientStorefrontError,
)
from storefront_clients.shopify import documents
from storefront_clients.shopify.ops_orders import OrderReader
from storefront_clients.shopify.pacer import Clock, Sleep
from storefront_clients.shopify.paging import MAX_PAGE
from storefront_clients.shopify.parse import gid, nodes, numeric_id, obj
from storefront_clients.shopify.parse_orders import transaction
from storefront_clients.shopify.transport import Transport

log = logging.getLogger(__name__)
_ALREADY_ON_ORDER = re.compile(r"already on the order", re.I)


async def add_tags(transport: Transport, resource_id: str, tags: Sequence[str]) -> None:
    """`tagsAdd`: existing tags are kept."""
    wanted = [t for t in dict.fromkeys(tags) if t]
    if not wanted:
        return
    payload = await transport.mutate(
        documents.TAGS_ADD,
        {"id": gid("Order", resource_id), "tags": wanted},
        operation="TagsAdd",
        root="tagsAdd",
        idempotent=True,
    )
    if not obj(payload.get("node")).get("id"):
        raise NotFoundError(f"Shopify resource {resource_id} does not exist")


async def edit_order(
    transport: Transport,
    reader: OrderReader,
    order_id: str,
    edits: Sequence[LineEdit],
    notify_customer: bool,
    location_id: str | None,
) -> StoreOrder:
    """Begin an edit session, stage every change, commit; answers the order after the commit."""
    if not edits:
        raise PermanentStorefrontError("an order edit needs at least one change")
    payload = await transport.mutate(
        documents.ORDER_EDIT_BEGIN,
        {"id": gid("Order", order_id), "first": MAX_PAGE},
        operation="OrderEditBegin",
        root="orderEditBegin",
        idempotent=True,
    )
    calculated = obj(payload.get("calculatedOrder"))
    if not calculated.get("id"):
        raise NotFoundError(f"Shopify order {order_id} cannot be edited or does not exist")
    session = str(calculated["id"])
    # A calculated line carries the numeric id of the order line it stands for.
    by_number = {numeric_id(str(n["id"])): str(n["id"]) for n in nodes(calculated.get("lineItems"))}
    for edit in edits:
        if edit.line_item_id is not None:
            line = by_number.get(numeric_id(edit.line_item_id))
            if line is None:
                raise NotFoundError(f"line {edit.line_item_id} is not on order {order_id}")
            await transport.mutate(
                documents.ORDER_EDIT_SET_QUANTITY,
                {"id": session, "lineItemId": line, "quantity": edit.quantity, "restock": edit.restock},
                operation="OrderEditSetQuantity",
                root="orderEditSetQuantity",
                idempotent=True,
            )
        elif edit.variant_id is not None:
            try:
                await transport.mutate(
                    documents.ORDER_EDIT_ADD_VARIANT,
                    {
                        "id": session,
                        "variantId": gid("ProductVariant", edit.variant_id),
                        "quantity": edit.quantity,
                        "locationId": location_id,
                    },
                    operation="OrderEditAddVariant",
                    root="orderEditAddVariant",
                    idempotent=False,
                )
            except PermanentStorefrontError as exc:
                if not _already_on_order(exc):
                    raise
                # Sent with allowDuplicates: false, so a line we asked for that an earlier,
                # unanswered commit already added is refused instead of doubled: that line is done.
                log.info("variant already on the order; not added again", extra={"order": order_id})
        else:
            raise PermanentStorefrontError("a line edit names neither a line nor a variant")
    variables = {"id": session, "notifyCustomer": notify_customer, "staffNote": None}
    payload = await transport.mutate(
        documents.ORDER_EDIT_COMMIT,
        {**variables, **reader.sizes.variables()},
        operation="OrderEditCommit",
        root="orderEditCommit",
        idempotent=False,
    )
    committed = obj(payload.get("order"))
    if not committed.get("id"):
        raise PermanentStorefrontError(f"Shopify orderEditCommit returned no order for {order_id}")
    return await reader.complete(committed)


def _already_on_order(error: PermanentStorefrontError) -> bool:
    """Whether orderEditAddVariant refused only because the variant is on the order already.

    Shopify's wording: "The Draft Snowboard was not added because it's already on the order."
    (capture orders/order-edit-existing-order-validation.json, case duplicateVariant).
    """
    return bool(error.user_errors) and all(_ALREADY_ON_ORDER.search(e.message) for e in error.user_errors)


async def cancel_order(
    transport: Transport,
    order_id: str,
    options: CancelOptions,
    *,
    deadline_seconds: float = 30.0,
    clock: Clock = time.monotonic,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """`orderCancel`, then poll its job until done (TransientStorefrontError past the deadline)."""
    payload = await transport.mutate(
        documents.ORDER_CANCEL,
        {
            "orderId": gid("Order", order_id),
            "reason": options.reason.value,
            "restock": options.restock,
            "notifyCustomer": options.notify_customer,
            "staffNote": options.staff_note,
            "refundMethod": {"originalPaymentMethodsRefund": options.refund},
        },
        operation="OrderCancel",
        root="orderCancel",
        idempotent=False,
        errors_key="orderCancelUserErrors",
    )
    job = obj(payload.get("job"))
    deadline = clock() + deadline_seconds
    interval = 0.25
    while job.get("id") and not job.get("done"):
        if clock() + interval > deadline:
            raise TransientStorefrontError(
                f"Shopify cancellation of {order_id} still running at the deadline"
            )
        await sleep(interval)
        interval = min(2.0, interval * 2)
        data = await transport.execute(documents.JOB, {"id": job["id"]}, operation="Job", idempotent=True)
        job = obj(data.get("job")) or job


async def capture(
    transport: Transport, order_id: str, parent_transaction_id: str, amount: Money, final: bool
) -> Transaction:
    """`orderCapture` against an authorization; never resent after an ambiguous failure."""
    payload = await transport.mutate(
        documents.ORDER_CAPTURE,
        {
            "input": {
                "id": gid("Order", order_id),
                "parentTransactionId": gid("OrderTransaction", parent_transaction_id),
                "amount": format(amount.amount, "f"),
                "currency": amount.currency,
                "finalCapture": final,
            }
        },
        operation="OrderCapture",
        root="orderCapture",
        idempotent=False,
    )
    parsed = (
        transaction(obj(payload.get("transaction")), amount.currency)
        if obj(payload.get("transaction"))
        else None
    )
    if parsed is None:
        raise PermanentStorefrontError(f"Shopify orderCapture returned no transaction for {order_id}")
    return parsed


async def mark_paid(transport: Transport, order_id: str) -> None:
    """`orderMarkAsPaid`; never resent after an ambiguous failure."""
    payload = await transport.mutate(
        documents.ORDER_MARK_AS_PAID,
        {"input": {"id": gid("Order", order_id)}},
        operation="OrderMarkAsPaid",
        root="orderMarkAsPaid",
        idempotent=False,
    )
    if not obj(payload.get("order")).get("id"):
        raise NotFoundError(f"Shopify order {order_id} does not exist")
