"""connector/'s imports point one way: no cycle, jobs never import actions, only the app imports http."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.connector.import_graph import cycles, import_graph, layering_violations

ROOT = Path(__file__).resolve().parents[2]


def test_connector_has_no_import_cycle() -> None:
    assert cycles(import_graph(ROOT)) == []


def test_connector_imports_point_one_way() -> None:
    assert layering_violations(import_graph(ROOT)) == []


def test_the_graph_sees_the_real_edges() -> None:
    graph = import_graph(ROOT)
    assert "connector.intents.registry" in graph["connector.intents.engine"]
    assert "connector.domain.commitments" in graph["connector.services"]
    assert "connector.actions.order_pull" in graph["connector.actions"]  # `from pkg import module`


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_guard_fails_on_a_cycle_held_open_by_type_checking(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "connector/__init__.py": "",
            "connector/services.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from connector.jobs.commitments import Commitments\n"
            ),
            "connector/jobs/__init__.py": "",
            "connector/jobs/commitments.py": "from connector.actions.order_pull import pull_query\n",
            "connector/actions/__init__.py": "",
            "connector/actions/order_pull.py": "from connector.services import Services\n",
        },
    )
    graph = import_graph(root)
    assert cycles(graph) == [
        ["connector.actions.order_pull", "connector.jobs.commitments", "connector.services"]
    ]
    assert layering_violations(graph) == [
        "connector.jobs.commitments imports connector.actions.order_pull: jobs must not depend on actions"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "from connector.http.errors import ApiError\n",
        "import connector.http.errors\n",
        "from ..http import errors\n",
    ],
)
def test_guard_fails_on_an_import_of_http_from_below(tmp_path: Path, text: str) -> None:
    root = _package(
        tmp_path,
        {
            "connector/__init__.py": "",
            "connector/http/__init__.py": "",
            "connector/http/errors.py": "",
            "connector/actions/__init__.py": "",
            "connector/actions/order_pull.py": text,
            "connector/app.py": "from connector.http import errors\n",
        },
    )
    assert layering_violations(import_graph(root)) == [
        "connector.actions.order_pull imports connector.http.errors: only the app may use connector.http"
    ]


def test_guard_fails_on_a_self_import_and_a_two_module_cycle() -> None:
    assert cycles({"a": {"a"}}) == [["a"]]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
