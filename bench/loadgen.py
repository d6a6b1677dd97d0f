"""A bounded closed-loop HTTP load generator (httpx.AsyncClient on loopback) for bench_light_actions."""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

import httpx

HEADERS = {"content-type": "application/json"}
CLIENT_TIMEOUT = httpx.Timeout(10.0)
CONNECTIONS_PER_CLIENT = 4
WARMUP_SECONDS = 0.5
# Time for spawned generator processes to import and warm up before the common start.
SPAWN_ALLOWANCE = 4.0


@dataclass
class LoadResult:
    """Latencies and outcome counts of one load run, plus the CPU both processes used."""

    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    @property
    def rate(self) -> float:
        """Answered requests per second."""
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a process from /proc (Linux), in seconds; 0 when unavailable."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def is_ok(response: httpx.Response) -> bool:
    """200 with no error event (warnings are fine)."""
    if response.status_code != 200:
        return False
    events = response.json().get("events") or []
    return not any(e.get("event_type") == "error" for e in events)


async def run_load(
    base_url: str,
    path: str,
    bodies: Sequence[bytes],
    *,
    concurrency: int,
    duration: float,
    max_requests: int,
    server_pid: int,
    start_at: float | None = None,
) -> LoadResult:
    """`concurrency` workers post bodies round-robin until `duration` s or `max_requests` pass.

    With `start_at` (a `time.time()` instant) the timed part waits for it after the warm-up, so
    several generator processes measure the same window.
    """
    result = LoadResult()
    counter = itertools.count()
    # httpx's pool slows down as one client holds more connections; several small clients keep
    # the generator's own cost per request flat.
    clients = [
        httpx.AsyncClient(
            base_url=base_url,
            timeout=CLIENT_TIMEOUT,
            limits=httpx.Limits(max_connections=CONNECTIONS_PER_CLIENT),
        )
        for _ in range(-(-concurrency // CONNECTIONS_PER_CLIENT))
    ]

    async def worker(client: httpx.AsyncClient, deadline: float) -> None:
        while time.perf_counter() < deadline:
            n = next(counter)
            if n >= max_requests:
                return
            started = time.perf_counter()
            response = await client.post(path, content=bodies[n % len(bodies)], headers=HEADERS)
            latency = time.perf_counter() - started
            if is_ok(response):
                result.latencies.append(latency)
            else:
                result.failures += 1

    def workers(seconds: float) -> list[Coroutine[Any, Any, None]]:
        deadline = time.perf_counter() + seconds
        return [worker(clients[i % len(clients)], deadline) for i in range(concurrency)]

    try:
        # Warm the connections and the server's caches; not counted.
        await asyncio.gather(*workers(WARMUP_SECONDS))
        result.latencies.clear()
        result.failures = 0
        counter = itertools.count()
        if start_at is not None:
            await asyncio.sleep(max(0.0, start_at - time.time()))
        cpu_client, cpu_server = time.process_time(), process_cpu_seconds(server_pid)
        started = time.perf_counter()
        await asyncio.gather(*workers(duration))
        result.elapsed = time.perf_counter() - started
        result.client_cpu = (time.process_time() - cpu_client) / result.elapsed
        result.server_cpu = (process_cpu_seconds(server_pid) - cpu_server) / result.elapsed
    finally:
        for client in clients:
            await client.aclose()
    return result


def _child(base_url: str, path: str, bodies: Sequence[bytes], options: dict[str, Any]) -> LoadResult:
    """One generator process: its own event loop and clients."""
    return asyncio.run(run_load(base_url, path, bodies, **options))


async def run_load_processes(
    processes: int,
    base_url: str,
    path: str,
    bodies: Sequence[bytes],
    *,
    concurrency: int,
    duration: float,
    max_requests: int,
    server_pid: int,
) -> LoadResult:
    """`run_load` split over `processes` generator processes (one Python core is ~1,000 req/s of httpx)."""
    if processes <= 1:
        return await run_load(
            base_url,
            path,
            bodies,
            concurrency=concurrency,
            duration=duration,
            max_requests=max_requests,
            server_pid=server_pid,
        )
    start_at = time.time() + SPAWN_ALLOWANCE
    options = {
        "concurrency": max(1, concurrency // processes),
        "duration": duration,
        "max_requests": max(1, max_requests // processes),
        "server_pid": server_pid,
        "start_at": start_at,
    }
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
        futures = [
            loop.run_in_executor(pool, _child, base_url, path, list(bodies), options)
            for _ in range(processes)
        ]
        parts = await asyncio.gather(*futures)
    merged = LoadResult(
        latencies=[x for p in parts for x in p.latencies],
        failures=sum(p.failures for p in parts),
        elapsed=max(p.elapsed for p in parts),
        client_cpu=sum(p.client_cpu for p in parts),
        server_cpu=statistics.fmean(p.server_cpu for p in parts),
    )
    return merged
