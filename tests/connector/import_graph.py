"""The connector's import graph and the layering rules it must keep (tests/connector/test_import_graph.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

# Modules allowed to import connector.http: the HTTP boundary itself and what builds or runs the app.
ABOVE_HTTP = (
    "connector.http",
    "connector.app",
    "connector.runtime",
    "connector.cli",
    "connector.sandbox_mode",
)
ABOVE_HTTP_PACKAGES = ("connector.console",)


def module_name(root: Path, path: Path) -> str:
    """Dotted module name of a file under `root` (the directory holding the top package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Every module of `known` this module imports, including imports under TYPE_CHECKING."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a.b import c` imports the submodule a.b.c when there is one, else a name of a.b.
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in names:
            # `import a.b.c` of a module we know, or the nearest known enclosing module.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph(root: Path, top: str = "connector") -> dict[str, set[str]]:
    """Module → modules of `top` it imports, read from the source files under root/top."""
    files = {module_name(root, p): p for p in sorted((root / top).rglob("*.py"))}
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = _imported(tree, module, path.name == "__init__.py", known)
    return graph


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (or a self-import), sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layering_violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Imports that point the wrong way: jobs → actions, or anything below the HTTP boundary → http."""
    problems: list[str] = []
    for module, imports in sorted(graph.items()):
        for target in sorted(imports):
            if _within(module, "connector.jobs") and _within(target, "connector.actions"):
                problems.append(f"{module} imports {target}: jobs must not depend on actions")
            above = any(_within(module, m) for m in ABOVE_HTTP + ABOVE_HTTP_PACKAGES)
            if _within(target, "connector.http") and not above:
                problems.append(f"{module} imports {target}: only the app may use connector.http")
    return problems
