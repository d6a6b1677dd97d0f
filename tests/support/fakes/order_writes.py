"""Order write verbs of the in-memory storefront (mixed into FakeStorefront)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from storefront_clients.base import (
    AppliedState,
    CancelOptions,
    Fulfillment,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
    FulfillmentRequest,
    LineEdit,
    Money,
    OrderLine,
    RefundRequest,
    RefundResult,
    ShippingState,
    StoreOrder,
    Tracking,
    Transaction,
    TransactionKind,
    VariantRef,
)
from storefront_clients.errors import NotFoundError, PermanentStorefrontError, UserError

LOCATION = "gid://shopify/Location/1"


class FakeOrderWrites:
    """Edits, cancellations, fulfillments, captures and refunds over `self.orders`."""

    variants: dict[str, VariantRef]
    orders: dict[str, StoreOrder]
    refunds: dict[str, RefundResult]
    moved_to: dict[str, str]
    _ids: itertools.count[int]

    def _enter(self, verb: str) -> None:
        raise NotImplementedError

    def _gid(self, kind: str) -> str:
        return f"gid://shopify/{kind}/{next(self._ids)}"

    def _order(self, order_id: str) -> StoreOrder:
        if order_id not in self.orders:
            raise NotFoundError("Order does not exist", (UserError("Order does not exist", "NOT_FOUND"),))
        return self.orders[order_id]

    async def edit_order(
        self, order_id: str, edits: Sequence[LineEdit], notify_customer: bool = False
    ) -> StoreOrder:
        self._enter("edit_order")
        order = self._order(order_id)
        lines = {line.id: line for line in order.lines}
        for edit in edits:
            if edit.line_item_id:
                line = lines[edit.line_item_id]
                shipped = line.current_quantity - line.unfulfilled_quantity
                if edit.quantity < shipped:
                    raise PermanentStorefrontError(
                        "orderEditSetQuantity failed",
                        (UserError("Cannot reduce below the fulfilled quantity", "INVALID"),),
                    )
                lines[line.id] = replace(
                    line,
                    current_quantity=edit.quantity,
                    unfulfilled_quantity=edit.quantity - shipped,
                )
            elif edit.variant_id:
                ref = next(v for v in self.variants.values() if v.variant_id == edit.variant_id)
                lid = self._gid("LineItem")
                zero = Money(Decimal(0), order.currency)
                lines[lid] = OrderLine(
                    lid,
                    ref.sku,
                    edit.quantity,
                    edit.quantity,
                    edit.quantity,
                    zero,
                    zero,
                    zero,
                    sku=ref.sku,
                    variant_id=ref.variant_id,
                )
        self.orders[order_id] = replace(order, lines=tuple(lines.values()), updated_at=datetime.now(UTC))
        return self.orders[order_id]

    async def cancel_order(self, order_id: str, options: CancelOptions) -> None:
        self._enter("cancel_order")
        order = self._order(order_id)
        if order.fulfillments:
            raise PermanentStorefrontError(
                "orderCancel failed",
                (UserError("Cannot cancel an order that has fulfillments", "INVALID"),),
            )
        self.orders[order_id] = replace(order, cancelled_at=datetime.now(UTC), closed=True)

    async def fulfillment_orders(self, order_id: str) -> tuple[FulfillmentOrder, ...]:
        self._enter("fulfillment_orders")
        return self._fulfillment_orders(self._order(order_id))

    async def shipping_state(self, order_id: str) -> ShippingState | None:
        self._enter("shipping_state")
        order = self.orders.get(order_id)
        if order is None:
            return None
        lines = tuple(line.id for line in order.lines)
        return ShippingState(order.id, lines, order.fulfillments, self._fulfillment_orders(order))

    async def applied_states(self, order_ids: Sequence[str]) -> dict[str, AppliedState]:
        self._enter("applied_states")
        return {
            i: AppliedState(o.id, o.cancelled_at, tuple((f.id, f.tracking) for f in o.fulfillments))
            for i in order_ids
            if (o := self.orders.get(i)) is not None
        }

    def _fulfillment_orders(self, order: StoreOrder) -> tuple[FulfillmentOrder, ...]:
        order_id = order.id
        lines = tuple(
            FulfillmentOrderLine("fo-" + line.id, line.id, line.unfulfilled_quantity)
            for line in order.lines
            if line.requires_shipping
        )
        where = self.moved_to.get("fo-" + order_id, LOCATION)
        return (FulfillmentOrder("fo-" + order_id, "OPEN", where, lines),)

    async def move_fulfillment_order(
        self, fulfillment_order_id: str, location_id: str, lines: tuple[tuple[str, int], ...] = ()
    ) -> str:
        self._enter("move_fulfillment_order")
        # The fake keeps one fulfillment order per order: every move moves all of it.
        self.moved_to[fulfillment_order_id] = location_id
        return fulfillment_order_id

    async def create_fulfillment(self, request: FulfillmentRequest) -> str:
        self._enter("create_fulfillment")
        order = self._order(request.order_id)
        lines = {line.id: line for line in order.lines}
        shipped: list[FulfillmentLine] = []
        for _fo, fo_lines in request.lines:
            for fo_line_id, qty in fo_lines:
                line = lines[fo_line_id.removeprefix("fo-")]
                if qty > line.unfulfilled_quantity:
                    raise PermanentStorefrontError(
                        "fulfillmentCreate failed",
                        (UserError("Invalid fulfillment order line item quantity requested.", "INVALID"),),
                    )
                lines[line.id] = replace(line, unfulfilled_quantity=line.unfulfilled_quantity - qty)
                shipped.append(FulfillmentLine(line.id, qty))
        ful = Fulfillment(
            self._gid("Fulfillment"),
            "SUCCESS",
            (request.tracking,) if request.tracking else (),
            tuple(shipped),
        )
        self.orders[order.id] = replace(
            order, lines=tuple(lines.values()), fulfillments=(*order.fulfillments, ful)
        )
        return ful.id

    async def update_tracking(
        self, fulfillment_id: str, tracking: Tracking, notify_customer: bool = False
    ) -> None:
        self._enter("update_tracking")
        for order in self.orders.values():
            fuls = tuple(
                replace(f, tracking=(tracking,)) if f.id == fulfillment_id else f for f in order.fulfillments
            )
            self.orders[order.id] = replace(order, fulfillments=fuls)

    async def close_order(self, order_id: str) -> None:
        self._enter("close_order")
        self.orders[order_id] = replace(self._order(order_id), closed=True)

    async def capture(
        self, order_id: str, parent_transaction_id: str, amount: Money, final: bool = False
    ) -> Transaction:
        self._enter("capture")
        order = self._order(order_id)
        txn = Transaction(
            self._gid("OrderTransaction"),
            TransactionKind.CAPTURE,
            "SUCCESS",
            "fake",
            amount,
            parent_transaction_id,
        )
        self.orders[order_id] = replace(
            order, transactions=(*order.transactions, txn), financial_status="PAID"
        )
        return txn

    async def mark_paid(self, order_id: str) -> None:
        self._enter("mark_paid")
        self.orders[order_id] = replace(self._order(order_id), financial_status="PAID")

    async def plan_refund(self, request: RefundRequest) -> dict[str, Any]:
        self._enter("plan_refund")
        order = self._order(request.order_id)
        return {"amount": str(request.amount or Decimal(0)), "currency": order.currency}

    async def refund(
        self, request: RefundRequest, idempotency_key: str, planned: dict[str, Any] | None = None
    ) -> RefundResult:
        self._enter("refund")
        if idempotency_key in self.refunds:
            return self.refunds[idempotency_key]
        order = self._order(request.order_id)
        amount = Decimal(planned["amount"]) if planned else request.amount or Decimal(0)
        total = Money(amount, order.currency)
        result = RefundResult(
            self._gid("Refund"), total, total if request.to_store_credit else None, note=request.note
        )
        self.refunds[idempotency_key] = result
        return result

    async def order_refunds(self, order_id: str) -> tuple[RefundResult, ...]:
        self._enter("order_refunds")
        self._order(order_id)
        return ()
