"""Lead provider API under load, at national scale: `uv run python -m bench lead_provider_api`.

Builds the scale world (`rect seed scale`, 100,000 participants for one lead provider) in a fresh database,
starts our server (uvicorn, the real app, one worker, staging settings) and the "floor" (`bench/floor_app.py`,
the same pages from hand-written asyncpg + msgspec) as subprocesses, and drives each list endpoint over HTTP
at 100 and 3,000 records a page, pages spread over the whole list, twice (ADR 0029): once from one sequential
client (how a lead provider's sync job pages: the latency percentiles, judged against the p95 targets) and once
from concurrent clients (throughput, judged against the floor). With concurrent clients on one worker and two
cores, latency mostly measures queueing, so it is printed for information only. Prints requests/s, latency
percentiles, SQL statements per request (our `X-SQL-Statements` header), peak server memory, the ratio to the
floor, and PASS/FAIL against the targets. Endpoints that answer 404 (not built yet) are skipped.

Environment: BENCH_DATABASE_URL (a server to create the database on), BENCH_SEEDED_DATABASE_URL (an existing
database already seeded with `rect seed scale`: skips creating and seeding), BENCH_PARTICIPANTS (100000),
BENCH_ENDPOINTS (all), BENCH_CONCURRENCY (12: the throughput load), BENCH_SECONDS_PER_LOAD (45: a load stops
early after this long). The load generator shares the machine's cores with the server and Postgres, so absolute
numbers are pessimistic on a small machine; the ratios to the floor are the fairer comparison.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import text

from application.identity.api_tokens import CreateApiToken
from bench.support import fresh_database
from entrypoints.containers import build_container
from entrypoints.seed.scale import MAIN_LEAD_PROVIDER, seed_scale_world
from entrypoints.settings import Settings

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "100000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "12"))
#: page size → requests per endpoint and load (fewer if they take longer than SECONDS_PER_LOAD)
REQUESTS = {100: 480, 3000: 48}
SECONDS_PER_LOAD = float(os.environ.get("BENCH_SECONDS_PER_LOAD", "45"))
COHORT = "2024"

#: name, path and query of each list endpoint; the floor serves /floor/<name> where it has an equivalent.
ENDPOINTS: list[tuple[str, str, dict[str, str]]] = [
    ("participants", "/api/v3/participants", {}),
    ("schools", "/api/v3/schools", {"filter[cohort]": COHORT}),
    ("delivery-partners", "/api/v3/delivery-partners", {}),
    ("partnerships", "/api/v3/partnerships", {}),
    ("participant-declarations", "/api/v3/participant-declarations", {}),
    ("statements", "/api/v3/statements", {}),
    ("participants/transfers", "/api/v3/participants/transfers", {}),
    ("unfunded-mentors", "/api/v3/unfunded-mentors", {}),
]
#: BENCH_ENDPOINTS (comma-separated names, e.g. "participants,schools") runs only those.
ONLY = {name for name in os.environ.get("BENCH_ENDPOINTS", "").split(",") if name}
FLOORS = {"participants", "schools", "delivery-partners", "partnerships"}

TARGET_P95_MS = {("participants", 100): 25.0, ("participants", 3000): 400.0}
TARGET_FLOOR_SHARE = 0.5
TARGET_RSS_MB = 300.0


@dataclass
class Result:
    requests: int
    seconds: float
    latencies_ms: list[float]
    statements: list[int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(factory: str, environment: dict[str, str], ready_path: str) -> Iterator[tuple[str, int]]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**os.environ, **environment},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + ready_path, timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{factory} did not start")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def _get(
    client: httpx.AsyncClient, path: str, params: dict[str, str], page: int, per_page: int
) -> httpx.Response:
    query = {**params, "page[page]": str(page), "page[per_page]": str(per_page)}
    return await client.get(path, params=query)


async def _last_page(client: httpx.AsyncClient, path: str, params: dict[str, str], per_page: int) -> int:
    """The last page with records (0 if none), by doubling then halving."""

    async def has(page: int) -> bool:
        response = await _get(client, path, params, page, per_page)
        response.raise_for_status()
        return bool(response.json()["data"])

    if not await has(1):
        return 0
    high = 2
    while await has(high):
        high *= 2
    low = high // 2  # has(low) is true, has(high) false
    while high - low > 1:
        middle = (low + high) // 2
        if await has(middle):
            low = middle
        else:
            high = middle
    return low


async def _load(
    client: httpx.AsyncClient,
    path: str,
    params: dict[str, str],
    per_page: int,
    last_page: int,
    requests: int,
    concurrency: int,
) -> Result:
    # Pages spread over the whole list (deep offsets included), in a scrambled order.
    pages = [1 + (i * 7919) % last_page for i in range(requests)]
    latencies: list[float] = []
    statements: list[int] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for page in pages:
        queue.put_nowait(page)

    deadline = time.monotonic() + SECONDS_PER_LOAD

    async def worker() -> None:
        while not queue.empty() and time.monotonic() < deadline:
            page = queue.get_nowait()
            started = time.perf_counter()
            response = await _get(client, path, params, page, per_page)
            await response.aread()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} page {page}: {response.status_code} {response.text[:200]}")
            if "x-sql-statements" in response.headers:
                statements.append(int(response.headers["x-sql-statements"]))

    for _ in range(min(4, requests)):  # warm up connections and caches
        await (await _get(client, path, params, pages[0], per_page)).aread()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result(len(latencies), time.perf_counter() - started, latencies, statements)


def _line(label: str, result: Result) -> str:
    statements = (
        f"{min(result.statements)}"
        + (f"–{max(result.statements)}" if max(result.statements) != min(result.statements) else "")
        if result.statements
        else "–"
    )
    p50, p95, p99 = (result.percentile(p) for p in (50, 95, 99))
    return (
        f"  {label:<18} {result.requests:4d} requests {result.rps:7.1f} req/s   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms"
        f"   p99 {p99:7.1f} ms   SQL/request {statements}"
    )


async def _seed(database_url: str) -> None:
    container = build_container(Settings(environment="test", database_url=database_url))
    try:
        await seed_scale_world(container, PARTICIPANTS, say=lambda line: print(line, flush=True))
    finally:
        await container.core.engine().dispose()


async def _token(database_url: str) -> tuple[str, int]:
    container = build_container(Settings(environment="test", database_url=database_url))
    try:
        created = await container.identity.create_api_token().handle(
            CreateApiToken(lead_provider_name=MAIN_LEAD_PROVIDER, description="benchmark")
        )
        async with container.core.engine().connect() as connection:
            lead_provider_id = (
                await connection.execute(
                    text("SELECT id FROM lead_providers WHERE name = :name"), {"name": MAIN_LEAD_PROVIDER}
                )
            ).scalar_one()
        return created.token, int(lead_provider_id)
    finally:
        await container.core.engine().dispose()


def _bench(database_url: str) -> None:
    token, lead_provider_id = asyncio.run(_token(database_url))
    ours_environment = {
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "staging",
        "SECRET_KEY": secrets.token_hex(32),
        "LOG_LEVEL": "WARNING",
        "API_RATE_LIMIT_PER_TOKEN": str(10**9),
        "API_RATE_LIMIT_PER_IP": str(10**9),
        "SQL_STATEMENT_COUNT_HEADER": "true",
        "DATABASE_POOL_SIZE": "10",
    }
    floor_environment = {"DATABASE_URL": database_url, "FLOOR_LEAD_PROVIDER_ID": str(lead_provider_id)}
    checks: list[tuple[str, bool]] = []
    with (
        _server("entrypoints.app:app_from_environment", ours_environment, "/healthcheck") as (ours, ours_pid),
        _server("bench.floor_app:app_from_environment", floor_environment, "/floor/health") as (floor, floor_pid),
    ):
        print(
            f"Servers up (ours pid {ours_pid}, floor pid {floor_pid}); latency from 1 sequential client, "
            f"throughput from {CONCURRENCY} concurrent clients",
            flush=True,
        )
        asyncio.run(_drive(ours, floor, token, checks))
        ours_rss, floor_rss = _peak_rss_mb(ours_pid), _peak_rss_mb(floor_pid)
    print(f"\nPeak server memory (VmHWM): ours {ours_rss:.0f} MB, floor {floor_rss:.0f} MB")
    checks.append((f"peak RSS {ours_rss:.0f} MB ≤ {TARGET_RSS_MB:.0f} MB", ours_rss <= TARGET_RSS_MB))
    print("\nTargets:")
    for label, passed in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {label}")


async def _drive(ours: str, floor: str, token: str, checks: list[tuple[str, bool]]) -> None:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=ours, headers=headers, limits=limits, timeout=120) as client,
        httpx.AsyncClient(base_url=floor, limits=limits, timeout=120) as floor_client,
    ):
        for name, path, params in ENDPOINTS:
            if ONLY and name not in ONLY:
                continue
            probe = await client.get(path, params=params)
            if probe.status_code == 404:
                print(f"\n{name}: not served (404), skipped", flush=True)
                for key in TARGET_P95_MS:
                    if key[0] == name:
                        checks.append((f"{name} {key[1]}/page p95 ≤ {TARGET_P95_MS[key]:.0f} ms: no endpoint", False))
                continue
            if name in FLOORS:
                ours_page = (await _get(client, path, params, 2, 100)).json()
                floor_page = (await _get(floor_client, f"/floor/{name}", params, 2, 100)).json()
                same = "yes" if ours_page == floor_page else "NO (the floor is not like for like)"
                print(f"\n{name}: the floor's page 2 is the same document as ours: {same}", flush=True)
            for per_page, requests in REQUESTS.items():
                last = await _last_page(client, path, params, per_page)
                print(f"\n{name} at {per_page}/page ({last} pages, {requests} requests)", flush=True)
                if last == 0:
                    print("  no records: skipped")
                    continue
                sequential = await _load(client, path, params, per_page, last, requests, 1)
                print(_line("ours, sequential", sequential), flush=True)
                target = TARGET_P95_MS.get((name, per_page))
                if target is not None:
                    p95 = sequential.percentile(95)
                    checks.append(
                        (f"{name} {per_page}/page sequential p95 {p95:.1f} ms ≤ {target:.0f} ms", p95 <= target)
                    )
                result = await _load(client, path, params, per_page, last, requests, CONCURRENCY)
                print(_line(f"ours, {CONCURRENCY} clients", result), flush=True)
                if name not in FLOORS:
                    continue
                floor_path = f"/floor/{name}"
                floor_sequential = await _load(floor_client, floor_path, params, per_page, last, requests, 1)
                print(_line("floor, sequential", floor_sequential), flush=True)
                floor_result = await _load(floor_client, floor_path, params, per_page, last, requests, CONCURRENCY)
                print(_line(f"floor, {CONCURRENCY} clients", floor_result), flush=True)
                share = result.rps / floor_result.rps
                print(
                    f"  ours/floor: throughput ({CONCURRENCY} clients) {share:.2f}×, sequential p95 "
                    f"{sequential.percentile(95) / floor_sequential.percentile(95):.2f}×",
                    flush=True,
                )
                checks.append(
                    (
                        f"{name} {per_page}/page throughput {share:.0%} of the floor ≥ {TARGET_FLOOR_SHARE:.0%}",
                        share >= TARGET_FLOOR_SHARE,
                    )
                )


def main() -> None:
    seeded = os.environ.get("BENCH_SEEDED_DATABASE_URL")
    if seeded:
        _bench(seeded)
        return
    with fresh_database("rect_bench_api") as url:
        started = time.perf_counter()
        asyncio.run(_seed(url))
        print(f"Seeded in {time.perf_counter() - started:.1f}s", flush=True)
        _bench(url)
