"""`refundCreate` (idempotent) and `Order.suggestedRefund`: line, shipping and money refunds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storefront_clients.sandbox import idempotency
from storefront_clients.sandbox import order_math as om
from storefront_clients.sandbox.ids import parse_gid
from storefront_clients.sandbox.money import cents, fmt_amount
from storefront_clients.sandbox.order_models import LineItem, Order, Refund, RefundLine, Transaction
from storefront_clients.sandbox.order_ops import release_stock, return_stock
from storefront_clients.sandbox.registry import Info, field
from storefront_clients.sandbox.store import Store

from .common import idempotent, store_of, user_error
from .orders import money_bag

ZERO = Decimal(0)
# Changelog "making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations": the key is
# required and a retry returns the first result. The parameter check and the failed-attempt refusal
# are off until the refund retry resends its first input (issue 9, A4: the orderwrites branch).
POLICY = idempotency.Policy(
    failed=idempotency.user_errors_failed,
    refusal=idempotency.user_error_refusal({"order": None, "refund": None}),
    refuse_failed_retry=False,
    check_params=False,
)


@dataclass
class _Pick:
    line: LineItem
    quantity: int
    restock_type: str
    location_id: int | None
    subtotal: Decimal
    tax: Decimal


def _picks(order: Order, raw_lines: list[dict[str, Any]]) -> tuple[list[_Pick], list[dict[str, Any]]]:
    picks: list[_Pick] = []
    errors: list[dict[str, Any]] = []
    for i, raw in enumerate(raw_lines):
        line = order.line(parse_gid(raw["lineItemId"], "LineItem") or -1)
        if line is None:
            errors.append(user_error(["refundLineItems", str(i), "lineItemId"], "Line item does not exist"))
            continue
        qty = raw["quantity"]
        if qty > line.current_quantity or qty < 0:
            errors.append(
                user_error(
                    ["refundLineItems", str(i), "quantity"],
                    "Quantity cannot refund more items than were purchased",
                )
            )
            continue
        unit = line.unit_price - (line.discount / line.quantity if line.quantity else ZERO)
        tax = sum((t.price for t in line.tax_lines), ZERO) * qty / line.quantity if line.quantity else ZERO
        location = parse_gid(raw.get("locationId"), "Location")
        restock = raw.get("restockType") or "NO_RESTOCK"
        picks.append(_Pick(line, qty, restock, location, cents(unit * qty), cents(tax)))
    return picks, errors


def _shipping_amount(order: Order, raw: dict[str, Any] | None) -> Decimal:
    if not raw:
        return ZERO
    left = om.shipping_total(order) - sum((r.shipping for r in order.refunds), ZERO)
    if raw.get("fullRefund"):
        return left
    return min(Decimal(raw.get("amount") or 0), left)


def _parent_for(order: Order) -> Transaction | None:
    return next(
        (t for t in order.transactions if t.kind in ("SALE", "CAPTURE") and t.status == "SUCCESS"), None
    )


def _apply_stock(store: Store, order: Order, pick: _Pick) -> None:
    fulfilled = om.fulfilled_quantity(order, pick.line)
    unfulfilled_before = max(0, pick.line.current_quantity - fulfilled)
    from_unfulfilled = min(pick.quantity, unfulfilled_before)
    from_fulfilled = pick.quantity - from_unfulfilled
    remaining = from_unfulfilled
    for fo in order.fulfillment_orders:
        for fol in fo.lines:
            if fol.line_item_id == pick.line.id and remaining and fol.remaining_quantity:
                take = min(remaining, fol.remaining_quantity)
                fol.remaining_quantity -= take
                remaining -= take
                restock = pick.restock_type in ("CANCEL", "RETURN", "LEGACY_RESTOCK")
                release_stock(store, pick.line, pick.location_id or fo.location_id, take, restock)
    if from_fulfilled and pick.restock_type in ("RETURN", "LEGACY_RESTOCK"):
        return_stock(store, pick.line, pick.location_id or store.primary_location.id, from_fulfilled)
    pick.line.current_quantity -= pick.quantity


def _create(info: Info, data: dict[str, Any]) -> dict[str, Any]:
    store = store_of(info)
    order = store.orders.get(parse_gid(data["orderId"], "Order") or -1)
    if order is None:
        return {
            "order": None,
            "refund": None,
            "userErrors": [user_error(["orderId"], "Order does not exist")],
        }
    picks, errors = _picks(order, data.get("refundLineItems") or [])
    txns_in = data.get("transactions") or []
    net = om.received(order) - om.refunded(order)
    total_out = sum((t["amount"] for t in txns_in), ZERO)
    for t in txns_in:
        if t["kind"] != "REFUND":
            errors.append(user_error(None, f"Kind {t['kind'].lower()} is not a valid transaction"))
        elif not t.get("parentId") or parse_gid(t["parentId"], "OrderTransaction") not in {
            x.id for x in order.transactions
        }:
            errors.append(
                user_error(["transactions"], "Transactions require a parent_id associated with the order")
            )
    if total_out > net and not data.get("allowOverRefunding"):
        errors.append(
            user_error(
                None,
                f"Refund amount ${fmt_amount(total_out)} is greater than net payment received "
                f"${fmt_amount(net)}",
            )
        )
    credit = sum(
        (
            Decimal(str(m["storeCreditRefund"]["amount"]["amount"]))
            for m in data.get("refundMethods") or []
            if m.get("storeCreditRefund")
        ),
        ZERO,
    )
    if errors:
        return {"order": None, "refund": None, "userErrors": errors}
    now = store.now()
    refund = Refund(
        id=store.next_id("Refund"),
        note=data.get("note"),
        lines=[],
        shipping=_shipping_amount(order, data.get("shipping")),
        transaction_ids=[],
        store_credit=credit,
        created_at=now,
    )
    for pick in picks:
        _apply_stock(store, order, pick)
        rl = RefundLine(
            store.next_id("RefundLineItem"),
            pick.line.id,
            pick.quantity,
            pick.restock_type,
            pick.location_id,
            pick.subtotal,
            pick.tax,
        )
        refund.lines.append(rl)
        store.own("RefundLineItem", rl.id, order)
    for t in txns_in:
        parent = next(x for x in order.transactions if x.id == parse_gid(t["parentId"], "OrderTransaction"))
        refund.transaction_ids.append(_add(store, order, t["amount"], t["gateway"], parent).id)
    if credit > 0:
        refund.transaction_ids.append(
            _add(store, order, credit, "shopify_store_credit", _parent_for(order)).id
        )
    order.refunds.append(refund)
    store.own("Refund", refund.id, order)
    order.updated_at = now
    return {"order": order, "refund": refund, "userErrors": []}


def _add(
    store: Store, order: Order, amount: Decimal, gateway: str, parent: Transaction | None
) -> Transaction:
    txn = Transaction(
        id=store.next_id("OrderTransaction"),
        kind="REFUND",
        status="SUCCESS",
        gateway=gateway,
        amount=amount,
        parent_id=parent.id if parent else None,
        card_company=None,
        manual_payment_gateway=gateway == "manual",
        created_at=store.now(),
    )
    order.transactions.append(txn)
    store.own("OrderTransaction", txn.id, order)
    return txn


@field("Mutation", "refundCreate")
def refund_create(_root: Any, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    """Refund lines (with restock choice), shipping and money; requires @idempotent."""
    return idempotent(info, "refundCreate", lambda: _create(info, input), {"input": input}, POLICY)


@field("Order", "suggestedRefund")
def suggested_refund(order: Order, _info: Info, **args: Any) -> dict[str, Any]:
    """What a refund of the given lines/shipping would return, and through which transactions."""
    raw_lines = args.get("refundLineItems") or []
    if args.get("suggestFullRefund"):
        raw_lines = [
            {"lineItemId": f"gid://shopify/LineItem/{li.id}", "quantity": li.current_quantity}
            for li in order.line_items
        ]
    picks, _errors = _picks(order, raw_lines)
    shipping_raw = (
        {"fullRefund": True}
        if args.get("refundShipping")
        else ({"amount": args["shippingAmount"]} if args.get("shippingAmount") else None)
    )
    shipping = _shipping_amount(order, shipping_raw)
    subtotal = sum((p.subtotal for p in picks), ZERO)
    tax = sum((p.tax for p in picks), ZERO)
    net = om.received(order) - om.refunded(order)
    amount = min(subtotal + tax + shipping, net)
    parent = _parent_for(order)

    def bag(value: Decimal) -> dict[str, Any]:
        return money_bag(order, value)

    return {
        "amountSet": bag(amount),
        "subtotalSet": bag(subtotal),
        "totalTaxSet": bag(tax),
        "discountedSubtotalSet": bag(subtotal),
        "maximumRefundableSet": bag(net),
        "totalCartDiscountAmountSet": bag(ZERO),
        "totalDutiesSet": bag(ZERO),
        "refundDuties": [],
        "suggestedRefundMethods": [],
        "shipping": {
            "amountSet": bag(shipping),
            "maximumRefundableSet": bag(om.shipping_total(order)),
            "taxSet": bag(ZERO),
        },
        "refundLineItems": [
            {
                "lineItem": p.line,
                "quantity": p.quantity,
                "restockType": p.restock_type,
                "restocked": False,
                "location": None,
                "priceSet": bag(p.line.unit_price),
                "subtotalSet": bag(p.subtotal),
                "totalTaxSet": bag(p.tax),
            }
            for p in picks
        ],
        "suggestedTransactions": [
            {
                "amountSet": bag(amount),
                "gateway": parent.gateway,
                "kind": "SUGGESTED_REFUND",
                "parentTransaction": parent,
                "maximumRefundableSet": bag(net),
                "formattedGateway": parent.gateway,
            }
        ]
        if parent and amount > 0
        else [],
    }
