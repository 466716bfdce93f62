"""Search-page latency of the web console under concurrent clients.

A store of ``--web-docs`` generated documents (``bench.corpus``; default 100k, ``--quick`` 20k), or an
existing home with ``--web-home`` (e.g. a 1M store kept by ``--keep``); a real ``qingshan serve``
process on 127.0.0.1 (its own processes, ``--web-workers``, default one per core as ``serve`` does; the
load generator does not share their interpreters); ``--web-clients`` (20) closed-loop clients (no think
time), each logged in with its own session, sending search-page requests (``GET /search``: the page
renders highlights, facets and the daily trend) over keep-alive connections.

The requests: a pool of ``--web-queries`` (300) distinct searches, each with its filters: the bench
queries of ``bench.search_engines`` (two very common terms among them) and realistic 1–3-term queries
drawn from the topic keywords and region names, all with a 30-day date filter, some with a source-type,
sentiment or region filter, sorted by time or on page 2. Each client walks the pool in its own
shuffled order, ``--web-requests`` (120) requests. The console caches search results per process
until the index changes (``web.search_cache_entries``), so the same pool is measured twice, each on a
fresh server after a warm-up that shares no request with the pool: cache on (the default; the hit
rate is counted from each page's ``Server-Timing`` header) and cache off (every page searched), the
latter also from 1 client at a time. ``--web-cache on|off|both`` picks.

Timed per request at the client (``time.perf_counter``): p50/p95/p99 and throughput, with the load
average before and after each run (other work on the machine shows there). Target: p95 ≤ 150 ms at 1M.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
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
# Province and city names for queries (they occur in the corpora's environmental news), and region
# codes for the region filter.
# fmt: off
PLACES = (
    "北京", "上海", "天津", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
    "南京", "杭州", "广州", "深圳", "武汉", "成都", "西安", "长沙", "郑州",
)
# fmt: on
REGION_CODES = ("11", "31", "32", "33", "37", "42", "44", "51")
SOURCE_TYPES = ("news", "social", "board", "official")


def add_arguments(parser: argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--web-docs", type=int, default=None, help="documents (default 100000, --quick 20000)"
    )
    parser.add_argument("--web-home", type=Path, default=None, help="use the store in this home instead")
    parser.add_argument("--web-clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--web-requests", type=int, default=120, help="timed requests per client (120)")
    parser.add_argument("--web-queries", type=int, default=300, help="distinct searches in the pool (300)")
    parser.add_argument(
        "--web-workers",
        type=int,
        default=None,
        help="qingshan serve --workers (default: serve's, one per core)",
    )
    parser.add_argument(
        "--web-cache", choices=("on", "off", "both"), default="both", help="console search cache (both)"
    )


@dataclass
class Latencies:
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    wall_s: float = 0.0
    outcomes: dict[str, list[float]] = field(default_factory=dict)  # Server-Timing desc → their ms
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after

    @property
    def per_s(self) -> float:
        return len(self.ms) / self.wall_s if self.wall_s else 0.0

    def share(self, outcome: str) -> float:
        return len(self.outcomes.get(outcome, [])) / max(1, len(self.ms))

    @property
    def outcome_note(self) -> str:
        """Per cache outcome: share of pages and their p95."""
        return ", ".join(
            f"{k} {self.share(k):.0%} (p95 {percentile(v, 95):.0f} ms)"
            for k, v in sorted(self.outcomes.items())
        )

    @property
    def load_note(self) -> str:
        return f"load {self.load[0]:.1f}→{self.load[1]:.1f}"


def search_path(query: str, **params: str) -> str:
    return "/search?" + str(httpx.QueryParams({"q": query, **params}))


def request_paths(since: str) -> list[str]:
    """The bench queries of ``bench.search_engines`` with the date filter, every third typed."""
    return [
        search_path(query.text, since=since, **({"type": "news"} if i % 3 == 0 else {}))
        for i, query in enumerate(QUERIES)
    ]


def query_pool(since: str, size: int, seed: int) -> list[str]:
    """``size`` distinct search pages: the bench queries, then generated 1–3-term queries (a topic
    keyword; a keyword and a place; two keywords of a topic, one of them OR a third; a keyword
    without another) with the date filter and, for some, a type, sentiment or region filter, time
    order or page 2."""
    rng = random.Random(seed)
    topics = topic_keywords()
    keywords = [k for words in topics.values() for k in words]
    by_topic = [list(words) for words in topics.values() if len(words) >= 3]
    pool = dict.fromkeys(request_paths(since))
    while len(pool) < size:
        shape = rng.random()
        if shape < 0.4:
            query = rng.choice(keywords)
        elif shape < 0.7:
            query = f"{rng.choice(keywords)} {rng.choice(PLACES)}"
        elif shape < 0.9:
            a, b, c = rng.sample(rng.choice(by_topic), 3)
            query = f"({a} | {b}) {c}" if rng.random() < 0.5 else f"{a} {b}"
        else:
            a, b = rng.sample(keywords, 2)
            query = f"{a} -{b}"
        params = {"since": since}
        if rng.random() < 0.25:
            params["type"] = rng.choice(SOURCE_TYPES)
        if rng.random() < 0.15:
            params["sentiment"] = "negative"
        if rng.random() < 0.15:
            params["region"] = rng.choice(REGION_CODES)
        if rng.random() < 0.15:
            params["sort"] = "time"
        if rng.random() < 0.1:
            params["page"] = "2"
        pool[search_path(query, **params)] = None
    return list(pool)[:size]


def warm_up_paths(pool: list[str]) -> list[str]:
    """Every pool search over the days before its window instead: the index's pages for its terms are
    read from disk and the code is warm, but no page of the pool is cached."""
    return [path.replace("since=", "until=") for path in pool]


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


def write_config(work: Path, home: Path, *, cache: bool = True) -> Path:
    """A config directory for the console on ``home``; without ``cache``, search results are not cached
    (with it nothing is said: the console's default, and older consoles without the setting run too)."""
    config = work / ("config" if cache else "config-nocache")
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.yaml").write_text(f"home: {home.resolve()}\n", encoding="utf-8")
    web = "secret_key: web-bench-secret-key-0123456789abcdef\n" + (
        "" if cache else "search_cache_entries: 0\n"
    )
    (config / "web.yaml").write_text(web, encoding="utf-8")
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
def console(config: Path, workers: int | None) -> Iterator[str]:
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
            *(["--workers", str(workers)] if workers else []),
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


async def client_loop(client: httpx.AsyncClient, paths: list[str], out: Latencies) -> None:
    for path in paths:
        start = time.perf_counter()
        response = await client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code == 200:
            out.ms.append(elapsed)
            timing = response.headers.get("server-timing", "")
            outcome = timing.split('desc="', 1)[1].split('"', 1)[0] if 'desc="' in timing else "unknown"
            out.outcomes.setdefault(outcome, []).append(elapsed)
        else:
            out.errors += 1


def walks(pool: list[str], clients: int, requests: int, seed: int) -> list[list[str]]:
    """Per client, ``requests`` paths: the pool in its own shuffled order (repeated as needed)."""
    out = []
    for i in range(clients):
        rng = random.Random(seed * 1000 + i)
        walk: list[str] = []
        while len(walk) < requests:
            walk.extend(rng.sample(pool, len(pool)))
        out.append(walk[:requests])
    return out


async def measure(base: str, warm_up: list[str], walks_: list[list[str]]) -> Latencies:
    """Every client logs in, the warm-up pages are sent (untimed, shared among the clients), then
    every client sends its walk, all at once."""
    sessions = [await logged_in(base) for _ in walks_]
    try:
        shares = [warm_up[i :: len(sessions)] for i in range(len(sessions))]
        await asyncio.gather(*(client_loop(c, w, Latencies()) for c, w in zip(sessions, shares, strict=True)))
        out = Latencies()
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(c, w, out) for c, w in zip(sessions, walks_, strict=True)))
        out.wall_s = time.perf_counter() - started
        out.load = (load_before, os.getloadavg()[0])
        return out
    finally:
        for session in sessions:
            await session.aclose()


def rows(name: str, runs: dict[str, Latencies], clients: int, docs_label: str) -> list[BenchRow]:
    """Cache on against cache off when both ran (else the one that ran, against 1 client, cache off)."""
    target = f"≤ {P95_TARGET_MS:g}" if docs_label.endswith("M") else None
    single = runs.get("off, 1 client")
    main_key = "on" if "on" in runs else "off"
    loaded = runs[main_key]
    base_key = "off" if main_key == "on" and "off" in runs else "off, 1 client"
    base = runs.get(base_key)
    base_name = "cache off" if base_key == "off" else "1 client"
    shares = loaded.outcome_note
    note = (
        f"{clients} clients, cache {main_key}, {len(loaded.ms)} requests, {loaded.errors} errors, "
        f"{loaded.load_note}; pages: {shares}"
    )
    if base is not None:
        note += f"; {base_name}: {len(base.ms)} requests, {base.errors} errors, {base.load_note}"
    if single is not None and base_key != "off, 1 client":
        note += f"; 1 client (cache off) p50 {percentile(single.ms, 50):.1f} ms p95 {percentile(single.ms, 95):.1f} ms"

    def latency(metric: str, pct: float, goal: str | None) -> BenchRow:
        value = percentile(loaded.ms, pct)
        base_value = percentile(base.ms, pct) if base is not None else None
        return BenchRow(
            name, metric, value, "ms", base_name, base_value, ratio(base_value, value), goal, note
        )

    out = [latency("page p50", 50, None), latency("page p95", 95, target), latency("page p99", 99, None)]
    out.append(
        BenchRow(
            name,
            "throughput",
            loaded.per_s,
            "pages/s",
            base_name,
            base.per_s if base is not None else None,
            loaded.per_s / base.per_s if base is not None and base.per_s else None,
            note="ratio = value / baseline (higher is better); " + note,
        )
    )
    if main_key == "on":
        out.append(
            BenchRow(
                name, "cache hits", loaded.share("hit"), "share", note=f"{clients} clients; pages: {shares}"
            )
        )
    return out


def run(args: argparse.Namespace) -> list[BenchRow]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a log line per request costs the clients CPU
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
        pool = query_pool(since, args.web_queries, args.seed)
        client_walks = walks(pool, args.web_clients, args.web_requests, args.seed)
        warm_up = warm_up_paths(pool)
        runs: dict[str, Latencies] = {}
        for cache in ("on", "off") if args.web_cache == "both" else (args.web_cache,):
            config = write_config(work, home, cache=cache == "on")
            add_user(config)
            with console(config, args.web_workers) as base:
                runs[cache] = asyncio.run(measure(base, warm_up, client_walks))
                if cache == "off":
                    runs["off, 1 client"] = asyncio.run(measure(base, [], client_walks[:1]))
            logger.info("web bench: cache %s, %s", cache, runs[cache].load_note)
        if args.web_workers:
            workers = args.web_workers
        else:
            from config.cpus import auto_workers  # what serve chose

            workers = auto_workers()
        name = f"web search {docs_label}" + (f" ×{workers} workers" if workers > 1 else "")
        return rows(name, runs, args.web_clients, docs_label)
    finally:
        if args.keep:
            logger.info("kept the web bench home in %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
