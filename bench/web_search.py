"""Search-page latency of the web console under concurrent clients.

A store of ``--web-docs`` generated documents (``bench.corpus``; default 100k, ``--quick`` 20k), or an
existing home with ``--web-home`` (e.g. a 1M store kept by ``search_engines --keep``); a real
``qingshan serve`` process on 127.0.0.1 (its own process, so the load generator does not share its
interpreter); ``--web-clients`` (20) clients, each logged in with its own session, sending search-page
requests (``GET /search``: the query language, a 30-day date filter, some with a source-type filter;
the page renders highlights, facets and the daily trend) over keep-alive connections.

Timed per request at the client (``time.perf_counter``), after a warm-up round: p50/p95/p99 and
throughput. Baseline in the same run: the same requests from one client at a time; ratio = 1-client
p95 / 20-client p95 (below 1: how much slower the page gets under load). Target: p95 ≤ 150 ms at 1M.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx

from bench import BenchmarkUnavailable
from bench.common import OUT_DIR, BenchRow, percentile, ratio
from bench.corpus import CorpusSpec, DocumentGenerator, topic_keywords
from bench.corpus_pools import load_pools
from bench.search_engines import QUERIES, label, open_sqlite_store, store_settings
from config import load_settings

logger = logging.getLogger(__name__)

P95_TARGET_MS = 150.0
USER, PASSWORD = "bench", "bench-password-2026"
WINDOW = timedelta(days=30)


def add_arguments(parser: argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--web-docs", type=int, default=None, help="documents (default 100000, --quick 20000)"
    )
    parser.add_argument("--web-home", type=Path, default=None, help="use the store in this home instead")
    parser.add_argument("--web-clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--web-rounds", type=int, default=10, help="timed rounds per client (default 10)")
    parser.add_argument("--web-workers", type=int, default=1, help="qingshan serve --workers (default 1)")


@dataclass
class Latencies:
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    wall_s: float = 0.0

    @property
    def per_s(self) -> float:
        return len(self.ms) / self.wall_s if self.wall_s else 0.0


def request_paths(since: str) -> list[str]:
    """The search-page requests of one round: every bench query, with a date filter, a few typed."""
    paths = []
    for i, query in enumerate(QUERIES):
        params = {"q": query.text, "since": since}
        if i % 3 == 0:
            params["type"] = "news"
        paths.append("/search?" + str(httpx.QueryParams(params)))
    return paths


def build_home(work: Path, docs: int, args: argparse.Namespace) -> tuple[Path, str]:
    """A home with ``docs`` generated documents; returns it and the ``since`` date of the queries."""
    settings = store_settings(load_settings(), work / "home", "tantivy")
    pools = load_pools(args.data_dir or settings.data_dir)
    if pools.synthetic and not args.quick:
        raise BenchmarkUnavailable(
            f"corpora not found at {settings.data_dir}: only --quick runs on synthetic text"
        )
    spec = CorpusSpec(count=docs, seed=args.seed)
    store = open_sqlite_store(settings)
    started = time.perf_counter()
    try:
        for batch in DocumentGenerator(spec, pools, topic_keywords()).batches(5000):
            store.upsert(batch)
    finally:
        store.close()
    logger.info("web bench: %d documents stored in %.0f s", docs, time.perf_counter() - started)
    return work / "home", (spec.end - WINDOW).date().isoformat()


def count_documents(home: Path) -> int:
    """How many documents the store in ``home`` holds (the generated corpus's dates are assumed)."""
    settings = store_settings(load_settings(), home, "tantivy")
    if not (home / "qingshan.db").is_file():
        raise BenchmarkUnavailable(f"no store at {home} (expected {home / 'qingshan.db'})")
    store = open_sqlite_store(settings, read_only=True)
    try:
        return store.count()
    finally:
        store.close()


def write_config(work: Path, home: Path) -> Path:
    config = work / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.yaml").write_text(f"home: {home.resolve()}\n", encoding="utf-8")
    (config / "web.yaml").write_text("secret_key: web-bench-secret-key-0123456789abcdef\n", encoding="utf-8")
    return config


def add_user(config: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(config),
            "users",
            "add",
            USER,
            "--role",
            "analyst",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0 and "已存在" not in result.stderr:
        raise BenchmarkUnavailable(f"cannot create the bench user: {result.stderr.strip()}")


@contextmanager
def console(config: Path, workers: int) -> Iterator[str]:
    """``qingshan serve`` on a free port; yields its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(config),
            "serve",
            "--port",
            "0",
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("qingshan web console: "):
            raise BenchmarkUnavailable(f"qingshan serve did not start (said {line!r})")
        yield line.split(": ", 1)[1].rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=60)


async def logged_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=1))
    page = await client.get("/login")
    token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
    response = await client.post(
        "/login", data={"username": USER, "password": PASSWORD, "login_token": token}
    )
    if response.status_code != 303:
        raise BenchmarkUnavailable(f"bench login failed with HTTP {response.status_code}")
    return client


async def client_loop(client: httpx.AsyncClient, paths: list[str], rounds: int, out: Latencies) -> None:
    for _ in range(rounds):
        for path in paths:
            start = time.perf_counter()
            response = await client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code == 200:
                out.ms.append(elapsed)
            else:
                out.errors += 1


async def measure(base: str, paths: list[str], clients: int, rounds: int) -> Latencies:
    sessions = [await logged_in(base) for _ in range(clients)]
    try:
        await asyncio.gather(*(client_loop(c, paths, 1, Latencies()) for c in sessions))  # warm-up
        out = Latencies()
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(c, paths, rounds, out) for c in sessions))
        out.wall_s = time.perf_counter() - started
        return out
    finally:
        for session in sessions:
            await session.aclose()


def rows(name: str, loaded: Latencies, single: Latencies, clients: int, docs_label: str) -> list[BenchRow]:
    target = f"≤ {P95_TARGET_MS:g}" if docs_label.endswith("M") else None
    note = (
        f"{len(loaded.ms)} requests, {loaded.errors} errors; baseline {len(single.ms)} requests from 1 client"
    )

    def latency(metric: str, pct: float, goal: str | None) -> BenchRow:
        value, base = percentile(loaded.ms, pct), percentile(single.ms, pct)
        return BenchRow(name, metric, value, "ms", "1 client", base, ratio(base, value), goal, note)

    return [
        latency("page p50", 50, None),
        latency("page p95", 95, target),
        latency("page p99", 99, None),
        BenchRow(
            name,
            "throughput",
            loaded.per_s,
            "pages/s",
            "1 client",
            single.per_s,
            loaded.per_s / single.per_s if single.per_s else None,
            note=f"{clients} clients, keep-alive",
        ),
    ]


def run(args: argparse.Namespace) -> list[BenchRow]:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="web-search-", dir=OUT_DIR))
    try:
        if args.web_home is not None:
            home = args.web_home.resolve()
            docs_label = label(count_documents(home))
            since = (CorpusSpec(count=1).end - WINDOW).date().isoformat()
        else:
            docs = args.web_docs or (20_000 if args.quick else 100_000)
            home, since = build_home(work, docs, args)
            docs_label = label(docs)
        config = write_config(work, home)
        add_user(config)
        paths = request_paths(since)
        with console(config, args.web_workers) as base:
            single = asyncio.run(measure(base, paths, 1, max(2, args.web_rounds // 2)))
            loaded = asyncio.run(measure(base, paths, args.web_clients, args.web_rounds))
        name = f"web search {docs_label}" + (f" ×{args.web_workers} workers" if args.web_workers > 1 else "")
        return rows(name, loaded, single, args.web_clients, docs_label)
    finally:
        if args.keep:
            logger.info("kept the web bench home in %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
