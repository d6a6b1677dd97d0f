"""Hypothesis strategies for the property suite: bodies from the shipped request schemas, mutated
(wrong types, odd Unicode incl. lone surrogates, huge arrays, missing and unknown keys), and odd
methods, paths, content types and raw bytes around them."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from connector.retailops import action_path, request_schema

Json = Any


@dataclass
class Probe:
    """One request to send: method, path, headers and raw body."""

    method: str
    path: str
    headers: dict[str, str]
    content: bytes
    mutations: list[str] = field(default_factory=list)


def _closed(node: Json) -> Json:
    """The schema with `allOf` merged and objects closed: unknown keys are added by mutations, and
    generating them from the open schema is slow without finding anything new."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _closed(v) for k, v in node.items() if k not in ("description", "example", "title")}
    if "allOf" in out:
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in out.pop("allOf"):
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        out = {**merged, **out}
    enum = out.get("enum")
    # `removed` is declared `"type": "string", "enum": [true, false]`: nothing satisfies it.
    if isinstance(enum, list) and out.get("type") == "string" and not all(isinstance(v, str) for v in enum):
        out.pop("type")
    if out.get("type") == "object":
        out["additionalProperties"] = False
    if out.get("type") == "array":
        out.setdefault("maxItems", 4)
    return out


def _strategy(schema: Json) -> st.SearchStrategy[Json]:
    """Objects and arrays built from the schema's structure, every leaf from hypothesis-jsonschema.

    hypothesis-jsonschema re-canonicalises an object's property schemas on every draw (~0.3 s
    per order_complete body); building the structure once keeps thousands of examples affordable.
    """
    if schema.get("type") == "object" and "properties" in schema:
        required = set(schema.get("required", []))
        parts = {key: _strategy(sub) for key, sub in schema["properties"].items()}
        return st.fixed_dictionaries(
            {k: v for k, v in parts.items() if k in required},
            optional={k: v for k, v in parts.items() if k not in required},
        )
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return st.lists(_strategy(schema["items"]), max_size=schema.get("maxItems", 4))
    return from_schema(schema)


def _as_object(value: Json) -> dict[str, Any]:
    assert isinstance(value, dict)
    return value


@cache
def valid_bodies(action: str) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies the action's request schema accepts (each is checked against the schema in tests)."""
    return _strategy(_closed(copy.deepcopy(request_schema(action)))).map(_as_object)


SURROGATES = ["\ud800", "\udfff", "a\udc00b", "\ud83d"]
ODD_TEXT = [
    "\x00",
    "x\x00y",
    "\x1b[31mred",
    "\u202egnp.exe",
    "\ufeff",
    "\U0001d54f" * 300,
    "9" * 70,
    "9" * 19,
    "18446744073709551616",
    "null",
    "",
    " ",
    "#1001",
    "gid://shopify/Order/1",
    "gid://shopify/Order/../../x",
    "' OR 1=1 --",
    'name:"x" OR status:any',
    "\\",
    '"',
    "1e309",
    "%00",
    "../../etc/passwd",
    "١٢٣",
    "\uff11\uff12\uff13",
    "ǅ" * 1000,
]
ODD_NUMBERS: list[Json] = [
    2**63,
    -(2**63) - 1,
    2**31,
    10**30,
    -1,
    0,
    1e308,
    -0.0,
    0.1,
    1.5e-300,
    123456789012345678901234567890.5,
]
ODD_SHAPES: list[Json] = [True, False, None, [], {}, [None], {"": None}, [[[[]]]], {"a": {"b": {"c": {}}}}]

# Copied on every draw: a later mutation must never change a shared constant (Hypothesis replays
# examples and needs the same draws to build the same request).
hostile_values: st.SearchStrategy[Json] = st.one_of(
    st.sampled_from(SURROGATES + ODD_TEXT),
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from(ODD_SHAPES).map(copy.deepcopy),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.text(max_size=40),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _paths(node: Json, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location inside a JSON value (keys and indexes), the root excluded."""
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*here, key))
            found.extend(_paths(value, (*here, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*here, index))
            found.extend(_paths(value, (*here, index)))
    return found


def _node(body: Json, path: tuple[Any, ...]) -> Json:
    node = body
    for part in path:
        node = node[part]
    return node


def _parent(body: Json, path: tuple[Any, ...]) -> Json:
    return _node(body, path[:-1])


@st.composite
def mutated(draw: st.DrawFn, body: dict[str, Any], refnums: list[str]) -> tuple[dict[str, Any], list[str]]:
    """`body` with up to four mutations applied; answers it and a description of each."""
    body = copy.deepcopy(body)
    done: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        paths = _paths(body)
        kind = draw(st.sampled_from(["set", "set", "delete", "add", "grow", "refnum", "token"]))
        if kind == "token":
            value = draw(st.sampled_from([None, "", "wrong-key", 12, ["x"], "\ud800", "RETAILOPS_SDK"]))
            if value is None:
                body.pop("integration_auth_token", None)
            else:
                body["integration_auth_token"] = value
            done.append(f"token={value!r}")
        elif kind == "add":
            objects = [p for p in paths if isinstance(_node(body, p), dict)] + [()]
            where = draw(st.sampled_from(objects))
            target = _node(body, where)
            key = draw(
                st.sampled_from(["extra", "\ud800", "", "__proto__", "x" * 300, "integration_auth_token"])
            )
            target[key] = draw(hostile_values)
            done.append(f"add {where!r}[{key!r}]")
        elif not paths:
            continue
        elif kind == "set":
            path = draw(st.sampled_from(paths))
            _parent(body, path)[path[-1]] = draw(hostile_values)
            done.append(f"set {path!r}")
        elif kind == "delete":
            path = draw(st.sampled_from([p for p in paths if isinstance(p[-1], str)] or paths))
            _parent(body, path).pop(path[-1])
            done.append(f"delete {path!r}")
        elif kind == "refnum":
            named = [p for p in paths if isinstance(p[-1], str) and "refnum" in p[-1]]
            if named:
                path = draw(st.sampled_from(named))
                _parent(body, path)[path[-1]] = draw(st.sampled_from(refnums))
                done.append(f"refnum {path!r}")
        else:
            arrays = [p for p in paths if isinstance(_node(body, p), list)]
            if arrays:
                path = draw(st.sampled_from(arrays))
                items = _node(body, path)
                # Past every array limit; the largest sizes are rarer, each costs a ~1 MiB body.
                size = draw(st.sampled_from([0, 101, 1001] * 3 + [10_001, 20_001]))
                grown = (items * (size // max(1, len(items)) + 1))[:size] if items else [{}] * size
                items[:] = copy.deepcopy(grown) if size <= 1001 else grown
                done.append(f"grow {path!r} to {size}")
    return body, done


METHODS = ["POST"] * 12 + ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
CONTENT_TYPES = ["application/json"] * 8 + [
    "",
    "text/plain",
    "application/json; charset=utf-16",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json\r\nx-injected: 1",
]


def _path_variants(action: str) -> list[str]:
    path = action_path(action)
    return [path] * 10 + [
        "/" + path,
        "///" + path.lstrip("/"),
        path + "/",
        path + "?page=1&x=%00",
        path.upper(),
        path + "%00",
        "/%2e%2e" + path,
        path.replace("_v1", "_v2"),
        "/" + "a" * 4000,
        "/healthz",
    ]


@st.composite
def probes(draw: st.DrawFn, action: str, key: str, refnums: list[str]) -> Probe:
    """One request for `action`: a valid body (the real key mostly), mutated, in odd packaging."""
    body = draw(valid_bodies(action))
    body["integration_auth_token"] = draw(st.sampled_from([key] * 6 + ["RETAILOPS_SDK", "wrong"]))
    body, done = draw(mutated(body, refnums))
    # ensure_ascii writes a lone surrogate as the escape `\ud800`, exactly what a client may send.
    content = json.dumps(body).encode()
    shape = draw(st.sampled_from(["json"] * 12 + ["truncated", "bom", "latin1", "empty", "array", "deep"]))
    if shape == "truncated":
        content = content[: draw(st.integers(min_value=0, max_value=max(0, len(content) - 1)))]
    elif shape == "bom":
        content = b"\xef\xbb\xbf" + content
    elif shape == "latin1":
        content = content[:-1] + b', "x": "\xe9\xff"}'
    elif shape == "empty":
        content = b""
    elif shape == "array":
        content = b"[" + content + b"]"
    elif shape == "deep":
        content = b'{"a":' * 200 + b"1" + b"}" * 200
    if shape != "json":
        done.append(f"body {shape}")
    method = draw(st.sampled_from(METHODS))
    path = draw(st.sampled_from(_path_variants(action)))
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    headers = {"content-type": content_type} if content_type and "\r" not in content_type else {}
    return Probe(method, path, headers, content, done)
