"""Answers with GraphQL `errors` beside usable `data`: which field problems to report, not raise.

Used by ``Transport._send_once``; the problems become ``notices.FieldProblem`` reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storefront_clients import notices
from storefront_clients.shopify.errors import redact

_FATAL_CODES = frozenset({"THROTTLED", "MAX_COST_EXCEEDED"})


def partial_problems(
    document: str, operation: str, errors: list[Mapping[str, Any]], data: Any
) -> list[notices.FieldProblem] | None:
    """The field problems of an answer that is usable despite its errors, or None when it is not.

    Usable: every error names a field (`path`), the root field it sits under came back non-null,
    and either the call is a mutation (its payload came back, so it applied) or every error is an
    ACCESS_DENIED on a field we can do without (a query's other failures stay failures: a null
    field there could be mistaken for "none").
    """
    if not isinstance(data, dict) or not errors:
        return None
    mutation = document.lstrip().startswith("mutation")
    problems = []
    for error in errors:
        path = error.get("path")
        extensions = error.get("extensions") if isinstance(error.get("extensions"), Mapping) else {}
        code = extensions.get("code") if isinstance(extensions, Mapping) else None
        if not isinstance(path, list) or len(path) < 2 or code in _FATAL_CODES:
            return None
        if data.get(str(path[0])) is None:
            return None
        if not mutation and code != "ACCESS_DENIED":
            return None
        required = extensions.get("requiredAccess") if isinstance(extensions, Mapping) else None
        problems.append(
            notices.FieldProblem(
                operation=operation,
                path=tuple(str(p) for p in path),
                code=str(code) if code else None,
                message=redact(str(error.get("message") or "")),
                required_access=str(required) if required else None,
            )
        )
    return problems


def error_list(errors: Any) -> list[Mapping[str, Any]]:
    if isinstance(errors, list):
        return [e if isinstance(e, Mapping) else {"message": str(e)} for e in errors]
    return [{"message": str(errors)}]
