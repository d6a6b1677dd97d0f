"""Shopify search syntax (field:value, comparators, quotes, OR/AND/NOT, -negation, parentheses).

Resolvers for `orders`, `products` and `productVariants` compile their `query:` argument with a
per-resource field table; unknown fields are ignored, as Shopify ignores unsupported filters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

T = TypeVar("T")
Matcher = Callable[[T, str, str], bool]

_TOKEN = re.compile(
    r"""\(|\)|-?[A-Za-z_.]+:(?:<=|>=|<|>)?(?:'[^']*'|"[^"]*"|[^\s()]*)|-?'[^']*'|-?"[^"]*"|[^\s()]+"""
)
_FIELD = re.compile(r"""^(-?)([A-Za-z_.]+):(<=|>=|<|>)?(.*)$""", re.S)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


@dataclass
class Term:
    """One filter: field (or "" for free text), comparator, value, negated."""

    field: str
    op: str
    value: str
    negated: bool


Node = Term | tuple[str, list["Node"]]


def parse(query: str) -> Node:
    """Parse a search string into AND/OR trees of terms."""
    tokens = _TOKEN.findall(query or "")
    pos = 0

    def parse_or() -> Node:
        nonlocal pos
        parts = [parse_and()]
        while pos < len(tokens) and tokens[pos] == "OR":
            pos += 1
            parts.append(parse_and())
        return parts[0] if len(parts) == 1 else ("OR", parts)

    def parse_and() -> Node:
        nonlocal pos
        parts: list[Node] = []
        while pos < len(tokens) and tokens[pos] not in ("OR", ")"):
            if tokens[pos] == "AND":
                pos += 1
                continue
            parts.append(parse_unary())
        return parts[0] if len(parts) == 1 else ("AND", parts)

    def parse_unary() -> Node:
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "NOT" and pos < len(tokens):
            return ("NOT", [parse_unary()])
        if tok == "(":
            inner = parse_or()
            if pos < len(tokens) and tokens[pos] == ")":
                pos += 1
            return inner
        match = _FIELD.match(tok)
        if match:
            neg, name, op, value = match.groups()
            return Term(name.lower(), op or ":", _unquote(value), bool(neg))
        neg = tok.startswith("-") and len(tok) > 1
        return Term("", ":", _unquote(tok[1:] if neg else tok), neg)

    return parse_or() if tokens else ("AND", [])


class Compiled(Generic[T]):
    """A parsed query bound to a field table; call `matches(record)`."""

    def __init__(self, query: str | None, fields: Mapping[str, Matcher[T]], text: Matcher[T]):
        self.tree = parse(query or "")
        self.fields = fields
        self.text = text

    def matches(self, record: T) -> bool:
        """Whether a record satisfies the query."""
        return self._eval(self.tree, record)

    def _eval(self, node: Node, record: T) -> bool:
        if isinstance(node, Term):
            if node.field == "":
                hit = self.text(record, ":", node.value)
            else:
                matcher = self.fields.get(node.field)
                if matcher is None:
                    return True
                hit = matcher(record, node.op, node.value)
            return not hit if node.negated else hit
        kind, parts = node
        if kind == "OR":
            return any(self._eval(p, record) for p in parts)
        if kind == "NOT":
            return not self._eval(parts[0], record)
        return all(self._eval(p, record) for p in parts)


def text_match(actual: str | None, value: str) -> bool:
    """Case-insensitive equality; a trailing * makes it a prefix match."""
    if actual is None:
        return False
    if value.endswith("*"):
        return actual.lower().startswith(value[:-1].lower())
    return actual.lower() == value.lower()


def parse_when(value: str) -> datetime | None:
    """Parse an ISO date or datetime from a query (naive values are UTC)."""
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def compare(actual: object, op: str, wanted: object) -> bool:
    """Apply a search comparator (':' equality, '<', '<=', '>', '>=')."""
    try:
        if op == ">":
            return bool(actual > wanted)  # type: ignore[operator]
        if op == ">=":
            return bool(actual >= wanted)  # type: ignore[operator]
        if op == "<":
            return bool(actual < wanted)  # type: ignore[operator]
        if op == "<=":
            return bool(actual <= wanted)  # type: ignore[operator]
    except TypeError:
        return False
    return actual == wanted


def date_matcher(get: Callable[[T], datetime | None]) -> Matcher[T]:
    """Matcher for a timestamp field (updated_at:>'…')."""

    def match(record: T, op: str, value: str) -> bool:
        wanted, actual = parse_when(value), get(record)
        if wanted is None or actual is None:
            return False
        return compare(actual, op, wanted)

    return match


def id_matcher(get: Callable[[T], int]) -> Matcher[T]:
    """Matcher for numeric ids (id:123, id:>=123; gids accepted)."""

    def match(record: T, op: str, value: str) -> bool:
        digits = value.rsplit("/", 1)[-1]
        return digits.isdigit() and compare(get(record), op, int(digits))

    return match


def str_matcher(get: Callable[[T], str | None]) -> Matcher[T]:
    """Matcher for a keyword field (exact, case-insensitive, '*' suffix = prefix)."""
    return lambda record, _op, value: text_match(get(record), value)


def list_matcher(get: Callable[[T], list[str]]) -> Matcher[T]:
    """Matcher for a multi-valued field such as tags."""
    return lambda record, _op, value: any(text_match(v, value) for v in get(record))
