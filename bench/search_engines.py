"""Search benchmark: the embedded store with tantivy and with FTS5, against a plain LIKE scan.

For each size in ``--docs`` (default 100k and 1M; ``--quick``: 20k) and each engine (tantivy and
FTS5 up to 200k documents; tantivy only above, unless ``--all-engines``):

* ingest: generated documents (``bench.corpus``) through ``SqliteStore.upsert``, segmentation
  included, plus closing the store (the index's merges); documents/s;
* search: a fixed set of 1–3-term queries (two very common terms among them) with a 30-day date
  filter, highlights and three facets (day, source, sentiment), warmed up, then ``--search-reps``
  rounds of every query, timed with ``time.perf_counter``; p50/p95 in ms;
* the baseline: the same queries as a ``LIKE '%term%'`` scan (``bench.like_scan``) in the same
  SQLite file, in the same run; ratio = LIKE / engine;
* size: the SQLite file and the index on disk.

Stores are written to a temporary directory under ``bench/out/`` and removed unless ``--keep``.
Per-query figures go to ``bench/out/search_engines-<size>.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.wiring import build_store
from bench import BenchmarkUnavailable
from bench.common import OUT_DIR, BenchRow, percentile, ratio
from bench.corpus import CorpusSpec, DocumentGenerator, topic_keywords
from bench.corpus_pools import TextPools, load_pools
from bench.like_scan import LikeScan
from config import Settings, load_settings
from indexer.sqlite_store import SqliteStore
from indexer.store import SearchFilters, SearchRequest

logger = logging.getLogger(__name__)

ENGINES = ("tantivy", "fts5")
FTS5_MAX_DOCS = 200_000  # FTS5 above this only with --all-engines
FACETS = ("day", "source", "sentiment")
WINDOW = timedelta(days=30)
GENERATE_BATCH = 5000
INGEST_TARGET = 2000.0  # docs/s
P95_TARGET_MS = 50.0  # at 1M documents


@dataclass(frozen=True)
class BenchQuery:
    groups: tuple[tuple[str, ...], ...]  # AND of ORs
    kind: str  # common (tens of thousands of hits at 1M), medium, rare

    @property
    def text(self) -> str:
        """The query in the query language: ``(a | b) c``."""
        return " ".join(g[0] if len(g) == 1 else "(" + " | ".join(g) + ")" for g in self.groups)


QUERIES: tuple[BenchQuery, ...] = (
    BenchQuery((("环境",),), "common"),
    BenchQuery((("污染",),), "common"),
    BenchQuery((("环境",), ("污染",)), "common"),
    BenchQuery((("雾霾",),), "medium"),
    BenchQuery((("辐射",),), "medium"),
    BenchQuery((("雾霾", "臭氧"), ("北京",)), "medium"),
    BenchQuery((("碳中和",), ("低碳",)), "medium"),
    BenchQuery((("垃圾分类",),), "rare"),
    BenchQuery((("饮用水",), ("安全",)), "rare"),
    BenchQuery((("偷排",),), "rare"),
    BenchQuery((("黑臭水体",),), "rare"),
    BenchQuery((("企业",), ("偷排",), ("污水",)), "rare"),
)


@dataclass
class Timings:
    """Milliseconds per query text, and the total hits each query reported."""

    ms: dict[str, list[float]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def all_ms(self, kind: str | None = None) -> list[float]:
        return [t for q in QUERIES if kind in (None, q.kind) for t in self.ms.get(q.text, [])]


@dataclass
class EngineResult:
    engine: str
    docs: int
    upsert_s: float
    close_s: float
    cpu_s: float  # process CPU time of upsert + close (all threads: tantivy indexes in its own)
    db_bytes: int
    index_bytes: int
    search: Timings

    @property
    def docs_per_s(self) -> float:
        return self.docs / (self.upsert_s + self.close_s)


def add_arguments(parser: argparse._ArgumentGroup) -> None:
    parser.add_argument("--docs", default=None, help="comma-separated sizes (default 100000,1000000)")
    parser.add_argument("--all-engines", action="store_true", help=f"FTS5 also above {FTS5_MAX_DOCS:,} docs")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engines to run")
    parser.add_argument("--search-reps", type=int, default=5, help="timed rounds of every query (default 5)")
    parser.add_argument(
        "--like-reps", type=int, default=None, help="timed LIKE rounds (default 2, 1 at ≥ 1M)"
    )


def sizes(args: argparse.Namespace) -> list[int]:
    if args.docs:
        return [int(s.replace("_", "")) for s in args.docs.split(",")]
    return [20_000] if args.quick else [100_000, 1_000_000]


def label(docs: int) -> str:
    if docs >= 1_000_000 and docs % 1_000_000 == 0:
        return f"{docs // 1_000_000}M"
    return f"{docs // 1000}k" if docs % 1000 == 0 else str(docs)


def engines_for(docs: int, args: argparse.Namespace) -> list[str]:
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(wanted) - set(ENGINES)
    if unknown:
        raise BenchmarkUnavailable(f"unknown engine(s) {sorted(unknown)}; expected some of {list(ENGINES)}")
    return [e for e in wanted if e != "fts5" or docs <= FTS5_MAX_DOCS or args.all_engines]


def store_settings(settings: Settings, home: Path, engine: str) -> Settings:
    """``settings`` with the embedded backend, ``engine`` and a fresh home directory."""
    storage = settings.general.storage.model_copy(
        update={"backend": "embedded", "engine": engine, "database_url": ""}
    )
    general = settings.general.model_copy(update={"home": home, "storage": storage})
    return settings.model_copy(update={"general": general})


def open_sqlite_store(settings: Settings, *, read_only: bool = False) -> SqliteStore:
    store = build_store(settings, read_only=read_only)
    if not isinstance(store, SqliteStore):
        raise BenchmarkUnavailable("the embedded backend did not build a SqliteStore")
    store.open()
    return store


def directory_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ingest(store: SqliteStore, generator: DocumentGenerator) -> tuple[float, float, float]:
    """Seconds in ``upsert`` (generation excluded), in ``close`` (index merges), and CPU seconds of both."""
    upsert_s, cpu_s, done, started = 0.0, 0.0, 0, time.perf_counter()
    for batch in generator.batches(GENERATE_BATCH):
        start, cpu_start = time.perf_counter(), time.process_time()
        store.upsert(batch)
        upsert_s += time.perf_counter() - start
        cpu_s += time.process_time() - cpu_start
        done += len(batch)
        if done % 50_000 < GENERATE_BATCH:
            logger.info(
                "%s: %d docs, %.0f docs/s in upsert (%.0f s elapsed)",
                store.text_index.name,
                done,
                done / upsert_s,
                time.perf_counter() - started,
            )
    start, cpu_start = time.perf_counter(), time.process_time()
    store.close()
    return upsert_s, time.perf_counter() - start, cpu_s + time.process_time() - cpu_start


def search_request(query: BenchQuery, since: datetime) -> SearchRequest:
    return SearchRequest(query=query.text, filters=SearchFilters(since=since), facets=FACETS, highlight=True)


def time_engine(store: SqliteStore, since: datetime, reps: int) -> Timings:
    """Warm-up (two rounds), then ``reps`` timed rounds of every query."""
    timings = Timings()
    requests = {q.text: search_request(q, since) for q in QUERIES}
    for _ in range(2):
        for text, request in requests.items():
            timings.totals[text] = store.search(request).total
    for _ in range(reps):
        for text, request in requests.items():
            start = time.perf_counter()
            store.search(request)
            timings.ms.setdefault(text, []).append((time.perf_counter() - start) * 1000)
    return timings


def time_like(database: Path, since: datetime, reps: int) -> Timings:
    """One warm-up scan (the page cache), then ``reps`` timed rounds of every query."""
    timings = Timings()
    scan = LikeScan(database)
    scan.open()
    try:
        scan.search(QUERIES[0].groups, since)
        for _ in range(reps):
            for query in QUERIES:
                start = time.perf_counter()
                total, _hits, _facets = scan.search(query.groups, since)
                timings.ms.setdefault(query.text, []).append((time.perf_counter() - start) * 1000)
                timings.totals[query.text] = total
    finally:
        scan.close()
    return timings


def run_engine(
    engine: str, docs: int, work: Path, args: argparse.Namespace, pools: TextPools
) -> tuple[EngineResult, Path]:
    settings = store_settings(load_settings(), work / engine, engine)
    spec = CorpusSpec(count=docs, seed=args.seed)
    store = open_sqlite_store(settings)
    logger.info("ingesting %d documents into %s (%s)", docs, engine, work / engine)
    upsert_s, close_s, cpu_s = ingest(store, DocumentGenerator(spec, pools, topic_keywords()))
    database = work / engine / "qingshan.db"
    reader = open_sqlite_store(settings, read_only=True)
    try:
        timings = time_engine(reader, spec.end - WINDOW, args.search_reps)
    finally:
        reader.close()
    result = EngineResult(
        engine=engine,
        docs=docs,
        upsert_s=upsert_s,
        close_s=close_s,
        cpu_s=cpu_s,
        db_bytes=sum(directory_bytes(p) for p in database.parent.glob("qingshan.db*")),
        index_bytes=directory_bytes(work / engine / "index"),
        search=timings,
    )
    return result, database


def run(args: argparse.Namespace) -> list[BenchRow]:
    settings = load_settings()
    pools = load_pools(args.data_dir or settings.data_dir)
    if pools.synthetic and not args.quick:
        raise BenchmarkUnavailable(
            f"corpora not found at {settings.data_dir}: only --quick runs on synthetic text"
        )
    rows: list[BenchRow] = []
    for docs in sizes(args):
        rows.extend(run_size(docs, args, pools))
    return rows


def run_size(docs: int, args: argparse.Namespace, pools: TextPools) -> list[BenchRow]:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"search-{label(docs)}-", dir=OUT_DIR))
    like_reps = args.like_reps or (1 if docs >= 1_000_000 else 2)
    try:
        results, like = [], None
        for engine in engines_for(docs, args):
            result, database = run_engine(engine, docs, work, args, pools)
            results.append(result)
            if like is None:
                logger.info("LIKE baseline on %s (%d rounds)", database, like_reps)
                like = time_like(database, CorpusSpec(count=docs, seed=args.seed).end - WINDOW, like_reps)
        write_detail(docs, results, like, args)
        return [row for result in results for row in result_rows(result, like, like_reps)]
    finally:
        if args.keep:
            logger.info("kept the stores in %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def result_rows(result: EngineResult, like: Timings | None, like_reps: int) -> list[BenchRow]:
    name = f"search {label(result.docs)} {result.engine}"
    timed = result.search.all_ms()
    like_all = like.all_ms() if like else []

    def latency_row(
        metric: str, values: list[float], base: list[float], pct: float, target: str | None
    ) -> BenchRow:
        value = percentile(values, pct)
        base_value = percentile(base, pct) if base else None
        return BenchRow(
            name,
            metric,
            value,
            "ms",
            "LIKE" if base else None,
            base_value,
            ratio(base_value, value),
            target,
            f"{len(values)} timed queries" + (f", LIKE {len(base)} ({like_reps} round(s))" if base else ""),
        )

    target = f"≤ {P95_TARGET_MS:g}" if result.docs >= 1_000_000 else None
    common = result.search.all_ms("common")
    like_common = like.all_ms("common") if like else []
    return [
        BenchRow(
            name,
            "ingest",
            result.docs_per_s,
            "docs/s",
            target=f"≥ {INGEST_TARGET:g}",
            note=f"upsert {result.upsert_s:.0f} s + close {result.close_s:.1f} s, segmentation included",
        ),
        BenchRow(
            name,
            "ingest per CPU-second",
            result.docs / result.cpu_s,
            "docs/cpu-s",
            note=f"{result.cpu_s:.0f} CPU-s in this process (all threads): independent of other load",
        ),
        latency_row("search p50", timed, like_all, 50, None),
        latency_row("search p95", timed, like_all, 95, target),
        latency_row("p95 common terms", common, like_common, 95, target),
        BenchRow(
            name,
            "size",
            (result.db_bytes + result.index_bytes) / 1e6,
            "MB",
            note=f"SQLite {result.db_bytes / 1e6:.0f} MB + {result.engine} {result.index_bytes / 1e6:.0f} MB",
        ),
    ]


def write_detail(
    docs: int, results: list[EngineResult], like: Timings | None, args: argparse.Namespace
) -> None:
    """Per-query p50/p95 and hit counts of every engine and of LIKE, for BENCHMARKS.md."""
    detail = {
        "docs": docs,
        "seed": args.seed,
        "queries": [{"text": q.text, "kind": q.kind} for q in QUERIES],
        "engines": {r.engine: {**summary(r.search), "ingest": ingest_summary(r)} for r in results},
        "like": summary(like) if like else None,
    }
    path = args.out / f"search_engines-{label(docs)}.json"
    path.write_text(json.dumps(detail, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def summary(timings: Timings) -> dict[str, dict[str, float]]:
    return {
        text: {
            "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2),
            "runs": len(ms),
            "hits": timings.totals.get(text, 0),
        }
        for text, ms in timings.ms.items()
    }


def ingest_summary(result: EngineResult) -> dict[str, Any]:
    data = asdict(result)
    data.pop("search")
    return {**data, "docs_per_s": round(result.docs_per_s, 1)}
