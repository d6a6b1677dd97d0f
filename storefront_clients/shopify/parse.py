"""Shopify answers → ``storefront_clients.base`` values: money, datetimes, shop, catalog, inventory.

Called by the client's operations (and the order parser in ``parse_orders``). Money is Decimal from
Shopify's decimal strings; ``presentmentMoney`` is the order's currency, ``shopMoney`` the shop's
(used as a fallback when a bag carries only one side). Datetimes are timezone-aware; GIDs are
kept as opaque strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from storefront_clients.base import Location, Money, VariantRef
from storefront_clients.errors import PermanentStorefrontError

Json = Mapping[str, Any]


def obj(value: Any) -> Json:
    """`value` if it is a JSON object, else an empty one (Shopify nulls)."""
    return value if isinstance(value, Mapping) else {}


def nodes(connection: Any) -> list[Json]:
    """The elements of a connection (`nodes` or `edges.node`) or of a plain list."""
    if isinstance(connection, list):
        return [obj(item) for item in connection if item is not None]
    conn = obj(connection)
    if "nodes" in conn:
        return [obj(n) for n in conn.get("nodes") or () if n is not None]
    return [obj(obj(e).get("node")) for e in conn.get("edges") or () if obj(e).get("node")]


def page_info(connection: Any) -> tuple[bool, str | None]:
    """(hasNextPage, endCursor) of a connection."""
    info = obj(obj(connection).get("pageInfo"))
    cursor = info.get("endCursor")
    return bool(info.get("hasNextPage")), cursor if isinstance(cursor, str) else None


def decimal(value: Any) -> Decimal:
    """A Decimal from Shopify's decimal string (or number)."""
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise PermanentStorefrontError(f"Shopify sent a malformed amount: {value!r}") from None


def money_v2(value: Any) -> Money | None:
    """A MoneyV2 (`{amount, currencyCode}`) as Money, or None."""
    data = obj(value)
    if data.get("amount") is None or not data.get("currencyCode"):
        return None
    return Money(decimal(data["amount"]), str(data["currencyCode"]))


def money(bag: Any, *, shop: bool = False) -> Money | None:
    """One side of a MoneyBag: presentment (order currency) by default, shop currency if asked."""
    data = obj(bag)
    first, second = ("shopMoney", "presentmentMoney") if shop else ("presentmentMoney", "shopMoney")
    return money_v2(data.get(first)) or money_v2(data.get(second))


def money_or_zero(bag: Any, currency: str, *, shop: bool = False) -> Money:
    """Like `money`, but a zero in `currency` when Shopify sent null."""
    return money(bag, shop=shop) or Money(Decimal("0"), currency)


def add(amounts: Iterable[Money | None], currency: str) -> Money:
    """The sum of amounts in one currency (None counts as zero)."""
    total = Decimal("0")
    for amount in amounts:
        if amount is not None:
            total += amount.amount
    return Money(total, currency)


def timestamp(value: Any) -> datetime:
    """A timezone-aware datetime from Shopify's ISO-8601 text (UTC when no offset is given)."""
    if not isinstance(value, str):
        raise PermanentStorefrontError(f"Shopify sent a malformed datetime: {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PermanentStorefrontError(f"Shopify sent a malformed datetime: {value!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def optional_timestamp(value: Any) -> datetime | None:
    """Like `timestamp`, None for null."""
    return None if value is None else timestamp(value)


def text(value: Any) -> str | None:
    """A string field, None for null or empty."""
    return str(value) if value not in (None, "") else None


def location(node: Json) -> Location:
    """A Location node."""
    return Location(id=str(node["id"]), name=str(node.get("name") or ""), active=bool(node.get("isActive")))


def variant_ref(node: Json) -> VariantRef | None:
    """A variant with its inventory item and product, or None when it has no SKU."""
    sku = text(node.get("sku"))
    item = obj(node.get("inventoryItem"))
    product = obj(node.get("product"))
    if sku is None or not item.get("id") or not product.get("id"):
        return None
    return VariantRef(
        sku=sku,
        variant_id=str(node["id"]),
        inventory_item_id=str(item["id"]),
        product_id=str(product["id"]),
        tracked=bool(item.get("tracked", True)),
    )


def available_quantity(item: Json) -> int | None:
    """The `available` quantity from an InventoryItem node with `inventoryLevel`, if stocked."""
    level = item.get("inventoryLevel")
    if not isinstance(level, Mapping):
        return None
    for quantity in level.get("quantities") or ():
        if obj(quantity).get("name") == "available":
            return int(quantity["quantity"])
    return None


def numeric_id(gid: str) -> str:
    """The numeric tail of a GID (`gid://shopify/LineItem/123` → `123`), or the input itself."""
    tail = gid.rsplit("/", 1)[-1]
    return tail.split("?", 1)[0]


def gid(kind: str, reference: str) -> str:
    """A GID of `kind` for a numeric id or an existing GID (returned unchanged)."""
    if reference.startswith("gid://"):
        return reference
    return f"gid://shopify/{kind}/{reference.strip()}"
