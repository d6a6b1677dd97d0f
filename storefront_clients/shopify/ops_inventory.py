"""Inventory operations: absolute `available` writes and reads at a location.

Called by ``ShopifyClient``. ``inventorySetQuantities`` carries ``@idempotent(key:)`` and an
explicit ``changeFromQuantity`` per item (null skips the compare, as required from 2026-04), so
the transport may resend it after an ambiguous failure: Shopify answers the first result. The key
comes from the quantities sent (Shopify refuses a key reused with other variables).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storefront_clients.base import InventoryQuantity
from storefront_clients.errors import PermanentStorefrontError, TransientStorefrontError
from storefront_clients.shopify import documents
from storefront_clients.shopify.paging import MAX_PAGE
from storefront_clients.shopify.parse import available_quantity, gid, obj
from storefront_clients.shopify.transport import Transport

INVENTORY_REASON = "correction"
QUANTITY_NAME = "available"
LEVELS_PER_CALL = 100
# InventorySetQuantitiesUserErrorCode (schema 2026-07): a spent key, and a key whose request runs.
PREVIOUS_ATTEMPT_FAILED = "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"
CONCURRENT_REQUEST = "IDEMPOTENCY_CONCURRENT_REQUEST"
MAX_KEY_ROTATIONS = 16
KEY_CODES = frozenset({PREVIOUS_ATTEMPT_FAILED, CONCURRENT_REQUEST})


def set_quantities_input(quantities: Sequence[InventoryQuantity]) -> dict[str, Any]:
    """The `InventorySetQuantitiesInput` for up to 250 absolute quantities."""
    if not quantities:
        raise PermanentStorefrontError("inventorySetQuantities needs at least one quantity")
    if len(quantities) > MAX_PAGE:
        raise PermanentStorefrontError(
            f"inventorySetQuantities takes at most {MAX_PAGE} items, got {len(quantities)}"
        )
    pairs = {(q.inventory_item_id, q.location_id) for q in quantities}
    if len(pairs) != len(quantities):
        raise PermanentStorefrontError("inventorySetQuantities got the same item twice")
    return {
        "name": QUANTITY_NAME,
        "reason": INVENTORY_REASON,
        "quantities": [
            {
                "inventoryItemId": q.inventory_item_id,
                "locationId": q.location_id,
                "quantity": q.quantity,
                # Sent even when null: from 2026-04 Shopify requires the key on every item.
                "changeFromQuantity": q.compare_quantity,
            }
            for q in quantities
        ],
    }


async def set_inventory(
    transport: Transport, quantities: Sequence[InventoryQuantity], idempotency_key: str
) -> None:
    """One atomic `inventorySetQuantities` write; userErrors raise (nothing applied then).

    `idempotency_key` must be derived from exactly these quantities. A key Shopify reports spent
    (IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED: an earlier attempt with it was refused, so nothing of it
    applied) is followed by the next key of a deterministic series, so a retry after a lost answer
    still meets the attempt that may have applied. A key in flight is transient.
    """
    if not idempotency_key:
        raise PermanentStorefrontError("inventorySetQuantities needs an idempotency key")
    variables: dict[str, Any] = {"input": set_quantities_input(quantities)}
    for attempt in range(MAX_KEY_ROTATIONS + 1):
        variables["key"] = idempotency_key if attempt == 0 else f"{idempotency_key}-r{attempt}"
        payload = await transport.mutate(
            documents.INVENTORY_SET_QUANTITIES,
            variables,
            operation="InventorySetQuantities",
            root="inventorySetQuantities",
            idempotent=True,
            tolerated=KEY_CODES,
        )
        codes = {obj(e).get("code") for e in payload.get("userErrors") or ()}
        if not codes:
            return
        if codes == {PREVIOUS_ATTEMPT_FAILED}:
            continue
        # CONCURRENT_REQUEST, the schema: "This request is currently in progress, please try again."
        raise TransientStorefrontError(
            "inventorySetQuantities: IDEMPOTENCY_CONCURRENT_REQUEST, the same write is in progress",
            retry_after=1.0,
        )
    raise PermanentStorefrontError(
        f"inventorySetQuantities: {MAX_KEY_ROTATIONS + 1} idempotency keys in a row were spent"
    )


async def inventory_levels(
    transport: Transport, inventory_item_ids: Sequence[str], location_id: str
) -> dict[str, int]:
    """Available quantity per item at a location; items not stocked there are absent."""
    ids = list(dict.fromkeys(inventory_item_ids))
    location = gid("Location", location_id)
    result: dict[str, int] = {}
    for start in range(0, len(ids), LEVELS_PER_CALL):
        batch = ids[start : start + LEVELS_PER_CALL]
        data = await transport.execute(
            documents.INVENTORY_LEVELS,
            {"ids": batch, "locationId": location},
            operation="InventoryLevels",
            idempotent=True,
        )
        for node in data.get("nodes") or ():
            item = obj(node)
            if not item.get("id"):
                continue
            quantity = available_quantity(item)
            if quantity is not None:
                result[str(item["id"])] = quantity
    return result
