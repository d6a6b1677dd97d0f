"""Bulk query operations: validate like Shopify, run unpaged, serve JSONL with __parentId rows."""

from __future__ import annotations

import json
import secrets
from typing import Any

from graphql import (
    GraphQLError,
    execute,
    parse,
)

from storefront_clients.sandbox.connections import UNPAGED, page
from storefront_clients.sandbox.ids import gid, parse_gid
from storefront_clients.sandbox.protected_data import deny_protected
from storefront_clients.sandbox.registry import Info, default_resolver, field, typename
from storefront_clients.sandbox.store import BulkOperation, Store

from .bulk_rules import check_bulk_query
from .common import ctx, store_of, user_error

typename(BulkOperation, "BulkOperation")
# From 2026-01 five unfinished query operations per app and shop; the sixth is refused naming them:
# captures/harry-test-heelo.myshopify.com/2026-04/bulk-operations/
#   bulk-operation-run-query-concurrency-limit.json
MAX_RUNNING = 5


def _invalid(message: str) -> dict[str, Any]:
    return {"bulkOperation": None, "userErrors": [user_error(["query"], message, "INVALID")]}


def _is_connection(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("edges"), list)
        and set(value) <= {"edges", "pageInfo"}
    )


def flatten(data: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """JSONL rows in Shopify's order: each node, then its nested connection rows (__parentId)."""
    rows: list[dict[str, Any]] = []
    roots = 0

    def emit(node: dict[str, Any], parent: str | None) -> None:
        line = {k: v for k, v in node.items() if not _is_connection(v)}
        if parent is not None:
            line["__parentId"] = parent
        rows.append(line)
        for value in node.values():
            if _is_connection(value):
                for edge in value["edges"]:
                    emit(edge["node"], node.get("id"))

    for value in data.values():
        if _is_connection(value):
            for edge in value["edges"]:
                roots += 1
                emit(edge["node"], None)
    return rows, roots


def run_bulk(info: Info, op: BulkOperation) -> None:
    """Execute the bulk query unpaged over the whole store and attach the JSONL result."""
    context = ctx(info)
    token = UNPAGED.set(True)
    try:
        result = execute(
            info.schema,
            parse(op.query),
            context_value=context,
            field_resolver=default_resolver,
            middleware=[deny_protected],
        )
    finally:
        UNPAGED.reset(token)
    store = store_of(info)
    data = getattr(result, "data", None)
    errors = getattr(result, "errors", None) or []
    if errors or not isinstance(data, dict):
        # BulkOperationErrorCode (schema): ACCESS_DENIED when the query "returned access denied";
        # a denied field fails the whole export instead of answering it empty.
        denied = any((e.extensions or {}).get("code") == "ACCESS_DENIED" for e in errors)
        op.status, op.error_code = "FAILED", "ACCESS_DENIED" if denied else "INTERNAL_SERVER_ERROR"
        op.completed_at = store.now()
        return
    rows, roots = flatten(data)
    blob = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)
    op.result = blob.encode()
    op.object_count, op.root_object_count = len(rows), roots
    op.file_size = len(op.result) if rows else None
    op.status, op.completed_at = "COMPLETED", store.now()


@field("Mutation", "bulkOperationRunQuery")
def bulk_run_query(_root: Any, info: Info, query: str, groupObjects: bool = False) -> dict[str, Any]:
    """Start (and, in the sandbox, immediately run) a bulk query."""
    store = store_of(info)
    busy = [
        o for o in store.bulk_operations.values() if o.status in ("CREATED", "RUNNING") or o.running_polls > 0
    ]
    if len(busy) >= MAX_RUNNING:
        ids = ", ".join(gid("BulkOperation", o.id) for o in busy)
        message = f"A bulk query operation for this app and shop is already in progress: {ids}."
        return {"bulkOperation": None, "userErrors": [user_error(None, message, "OPERATION_IN_PROGRESS")]}
    problem = check_bulk_query(info.schema, query)
    if problem:
        return _invalid(problem)
    op = BulkOperation(
        id=store.next_id("BulkOperation"),
        query=query,
        status="CREATED",
        created_at=store.now(),
        token=secrets.token_urlsafe(16),
    )
    store.bulk_operations[op.id] = op
    snapshot = {"status": "CREATED", "completedAt": None, "url": None}
    run_bulk(info, op)
    config = ctx(info).runtime.config
    op.running_polls = config.bulk_running_polls
    if config.bulk_outcome:
        # BulkOperationStatus (schema): FAILED carries errorCode; EXPIRED means the URL expired.
        op.status, op.error_code = config.bulk_outcome, config.bulk_error_code
        op.result, op.file_size = None, None
        config.bulk_outcome = config.bulk_error_code = None
    return {"bulkOperation": {"op": op, "snapshot": snapshot}, "userErrors": []}


def _unwrap(value: Any) -> tuple[BulkOperation, dict[str, Any]]:
    if isinstance(value, dict):
        return value["op"], value["snapshot"]
    return value, {}


def _bulk_field(name: str) -> Any:
    def resolve(value: Any, info: Info) -> Any:
        op, snapshot = _unwrap(value)
        if name in snapshot:
            return snapshot[name]
        if name == "url":
            if not op.result:
                return None
            return f"{ctx(info).base_url}/_sandbox_bulk/{op.id}.jsonl?token={op.token}"
        return {
            "id": gid("BulkOperation", op.id),
            "status": op.status,
            "type": "QUERY",
            "errorCode": op.error_code,
            "createdAt": op.created_at,
            "completedAt": op.completed_at,
            "objectCount": op.object_count,
            "rootObjectCount": op.root_object_count,
            "fileSize": op.file_size,
            "partialDataUrl": None,
            "query": op.query,
        }.get(name)

    return resolve


for _name in (
    "id",
    "status",
    "type",
    "errorCode",
    "createdAt",
    "completedAt",
    "objectCount",
    "rootObjectCount",
    "fileSize",
    "url",
    "partialDataUrl",
    "query",
):
    field("BulkOperation", _name)(_bulk_field(_name))


RUNNING_VIEW = {"status": "RUNNING", "completedAt": None, "url": None, "fileSize": None}


def polled(op: BulkOperation | None) -> Any:
    """A status read: RUNNING while the configured number of polls is not used up."""
    if op is None or op.running_polls <= 0:
        return op
    op.running_polls -= 1
    return {"__typename": "BulkOperation", "op": op, "snapshot": {**RUNNING_VIEW, "objectCount": 0}}


def latest(store: Store) -> BulkOperation | None:
    """The most recent bulk query operation."""
    return max(store.bulk_operations.values(), key=lambda o: o.id, default=None)


@field("QueryRoot", "currentBulkOperation")
def current_bulk(_root: Any, info: Info, type: str = "QUERY") -> Any:
    """The latest bulk query operation (mutation bulk ops are not modelled)."""
    return polled(latest(store_of(info))) if type == "QUERY" else None


@field("QueryRoot", "bulkOperation")
def bulk_by_id(_root: Any, info: Info, id: str) -> Any:
    """A bulk operation by gid."""
    num = parse_gid(id, "BulkOperation")
    return polled(store_of(info).bulk_operations.get(num) if num is not None else None)


@field("Mutation", "bulkOperationCancel")
def bulk_cancel(_root: Any, info: Info, id: str) -> dict[str, Any]:
    """Cancel a running bulk operation."""
    num = parse_gid(id, "BulkOperation")
    op = store_of(info).bulk_operations.get(num) if num is not None else None
    if op is None:
        raise GraphQLError(f"Invalid id: {id}", extensions={"code": "RESOURCE_NOT_FOUND"})
    if op.status not in ("CREATED", "RUNNING") and op.running_polls <= 0:
        message = f"A bulk operation cannot be canceled when it is {op.status.lower()}"
        return {"bulkOperation": op, "userErrors": [user_error(None, message, None)]}
    op.status, op.running_polls, op.result, op.file_size = "CANCELED", 0, None, None
    return {"bulkOperation": op, "userErrors": []}


def _status_view(op: BulkOperation) -> Any:
    """An operation as a listing shows it (RUNNING while status reads remain, without using one)."""
    if op.running_polls <= 0:
        return op
    return {"__typename": "BulkOperation", "op": op, "snapshot": {**RUNNING_VIEW, "objectCount": 0}}


@field("QueryRoot", "bulkOperations")
def bulk_list(_root: Any, info: Info, **args: Any) -> dict[str, Any]:
    """The app's bulk query operations with `status:` / `operation_type:` filters, newest first."""
    # Schema (QueryRoot.bulkOperations): "Defaults to sorting by created_at, with newest operations first."
    terms = dict(t.split(":", 1) for t in str(args.get("query") or "").split() if ":" in t)
    ops = list(store_of(info).bulk_operations.values())
    if terms.get("operation_type", "query").lower() != "query":
        ops = []  # mutation bulk operations are not modelled
    if "status" in terms:
        wanted = terms["status"].upper()
        ops = [o for o in ops if ("RUNNING" if o.running_polls > 0 else o.status) == wanted]
    listed = page(ops, {**args, "reverse": not args.get("reverse")}, lambda o: o.id)
    views = [_status_view(o) for o in listed["nodes"]]
    listed["nodes"] = views
    for edge, view in zip(listed["edges"], views, strict=True):
        edge["node"] = view
    return listed
