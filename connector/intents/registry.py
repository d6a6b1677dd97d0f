"""The explicit registry of intent kinds: each kind's payload type and the performer that applies it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from connector.intents.payloads import (
    CancelOrder,
    CompleteOrder,
    EditOrder,
    Fulfil,
    Payload,
    Refund,
    SettlePayment,
    TagOrder,
    UpdateTracking,
    UpsertProduct,
)
from connector.intents.performers import cancel, catalog, complete, edit, fulfil, refund, settle, tags
from connector.services import Services

P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class IntentKind(Generic[P]):
    """One kind of store write: how its stored payload is read and what applies it."""

    payload: type[P]
    perform: Callable[[Services, P], Awaitable[dict[str, Any]]]

    @property
    def name(self) -> str:
        """The kind as stored in write_intent.kind."""
        return self.payload.KIND

    async def apply(self, services: Services, stored: dict[str, Any]) -> dict[str, Any]:
        """Decode the stored payload and apply it (the engine calls this)."""
        return await self.perform(services, self.payload.from_json(stored))


def _kinds(*kinds: IntentKind[Any]) -> dict[str, IntentKind[Any]]:
    return {kind.name: kind for kind in kinds}


KINDS: dict[str, IntentKind[Any]] = _kinds(
    IntentKind(UpsertProduct, catalog.upsert),
    IntentKind(TagOrder, tags.apply_tag),
    IntentKind(CancelOrder, cancel.cancel),
    IntentKind(CompleteOrder, complete.complete),
    IntentKind(EditOrder, edit.edit),
    IntentKind(Fulfil, fulfil.fulfil),
    IntentKind(UpdateTracking, fulfil.retrack),
    IntentKind(Refund, refund.refund),
    IntentKind(SettlePayment, settle.settle),
)
