"""Where the connector's time goes in a profiled run, as text (bench_order_pull --profile)."""

from __future__ import annotations

import cProfile
import pstats


def top_functions(profiler: cProfile.Profile) -> str:
    """The connector's, pydantic's and the ORM's functions with the most cumulative time."""
    stats = pstats.Stats(profiler)
    rows = [
        (cum, tot, f"{_short_path(func[0])}:{func[1]}({func[2]})")
        for func, (_cc, _nc, tot, cum, _callers) in stats.stats.items()  # type: ignore[attr-defined]
        if "connector/" in func[0] or "pydantic" in func[0] or "sqlalchemy/orm" in func[0]
    ]
    rows.sort(reverse=True)
    lines = [f"{cum * 1000:9.0f} ms cum {tot * 1000:8.0f} ms own  {name}" for cum, tot, name in rows[:20]]
    return "profile of the pull (main thread, top 20 by cumulative time):\n" + "\n".join(lines)


def _short_path(path: str) -> str:
    """The path from the package (or site-packages) root on."""
    for root in ("connector/", "storefront_clients/"):
        if root in path:
            return root + path.split(root, 1)[1]
    return path.split("site-packages/", 1)[-1]
