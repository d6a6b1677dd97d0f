"""What makes a cassette replay honest: the GraphQL request matcher and the request-order guard.

Both cassette suites (the Shopify client's and the actions') replay with vcrpy in record mode
"none". A recorded request matches a live one only with the same operation, the same document
(compared after parsing and printing it, so layout and commas do not count but every field does)
and the same variables. vcrpy answers the first unplayed match wherever it sits in the cassette, so
`OrderGuard` notes which interaction each request played and fails when one plays before an
interaction recorded ahead of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError, parse, print_ast
from vcr.cassette import Cassette
from vcr.request import Request as VcrRequest

_SPACE = re.compile(r"\s+")
# order_sync's incremental search bound is the connector's wall clock at the run (its watermark),
# so a replay necessarily sends another instant; only that value is masked, the rest stays strict.
_SYNC_WATERMARK = re.compile(
    r"updated_at:>='\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})'"
)


def normalised_document(document: str) -> str:
    """The document as graphql-core prints it (a document that does not parse: whitespace collapsed)."""
    try:
        return str(print_ast(parse(document)))
    except GraphQLError:
        return _SPACE.sub(" ", document).strip()


def graphql_key(request: VcrRequest) -> tuple[str, str, str] | None:
    """(operation, normalised document, variables as sorted JSON) of a GraphQL request; None otherwise."""
    if not request.path.endswith("/graphql.json"):
        return None
    raw = request.body or b"{}"
    body = json.loads(raw.decode() if isinstance(raw, bytes) else raw)
    document = normalised_document(str(body.get("query") or ""))
    variables = json.dumps(body.get("variables") or {}, sort_keys=True, ensure_ascii=False)
    variables = _SYNC_WATERMARK.sub("updated_at:>='<watermark>'", variables)
    return str(body.get("operationName") or ""), document, variables


def graphql_matcher(first: VcrRequest, second: VcrRequest) -> None:
    """Same operation, document and variables; other requests must carry the same body."""
    key_first, key_second = graphql_key(first), graphql_key(second)
    if key_first is None or key_second is None:
        if key_first != key_second or _raw(first.body) != _raw(second.body):
            raise AssertionError("different request body")
        return
    if key_first[0] != key_second[0]:
        raise AssertionError(f"different GraphQL operation: {key_first[0]} vs {key_second[0]}")
    if key_first[1] != key_second[1]:
        raise AssertionError(f"{key_first[0]}: different GraphQL document")
    if key_first[2] != key_second[2]:
        raise AssertionError(f"{key_first[0]}: different variables {key_first[2]} vs {key_second[2]}")


def _raw(body: bytes | str | None) -> bytes:
    """A request body as bytes; no body and an empty one are the same."""
    if body is None:
        return b""
    return body.encode() if isinstance(body, str) else body


@dataclass
class OrderGuard:
    """Records the cassette index each replayed request played; `check` fails on any out of order."""

    cassette: Cassette
    played: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        original = self.cassette.play_response

        def play_response(request: VcrRequest) -> Any:
            before = dict(self.cassette.play_counts)
            response = original(request)
            after = self.cassette.play_counts
            self.played.extend(i for i in after if after[i] != before.get(i, 0))
            return response

        self.cassette.play_response = play_response

    def out_of_order(self) -> list[str]:
        """Each request that played an interaction recorded before one already played."""
        problems = []
        highest = -1
        for index in self.played:
            if index < highest:
                key = graphql_key(self.cassette.requests[index])
                later = graphql_key(self.cassette.requests[highest])
                problems.append(
                    f"interaction {index} ({key[0] if key else '?'}) was sent after interaction "
                    f"{highest} ({later[0] if later else '?'}), but was recorded before it"
                )
            highest = max(highest, index)
        return problems

    def check(self) -> None:
        """Fail unless the requests were sent in the recorded order."""
        problems = self.out_of_order()
        assert problems == [], "requests replayed out of the recorded order:\n" + "\n".join(problems)
