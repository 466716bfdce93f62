"""Crawl throughput: pages/s fetched, extracted and stored from the sample web over loopback.

``python -m bench --only crawl_throughput [--crawl-pages N] [--crawl-workers W]``

Three rates on the same pages (the sample web's article pages, each requested under several query
strings so the crawl has N distinct URLs), all measured in this run:

- ``a``: bare Scrapy, fetch only (a spider whose callback does nothing), same concurrency settings;
- ``b``: trafilatura alone (``trafilatura.extract``, default settings) on the same bodies, one process;
- ours: the real crawl path — article spider, extraction in worker processes, the ingest pipeline
  writing to an embedded store (SQLite + tantivy, jieba-segmented) and marking pages seen.
  Analysis (``app.analysis``) is off: this measures collection, not NLP.

Doing a then b one after the other would give ``1/(1/a + 1/b)`` pages/s; the target is ours ≥ that
(ratio ≥ 1.0): our own overheads must be paid for by overlapping fetching and extraction.
Each crawl runs in a child process (a Twisted reactor cannot be restarted); the time counted is from
the spider's first request to the end of its run (all items stored).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.common import BenchRow

LATE = datetime.fromisoformat("2026-11-24T12:00:00+08:00")  # every sample-web item is published
SITES = ("newsa", "newsb", "bureau")
NAME = "crawl throughput"


def add_arguments(parser: argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--crawl-pages", type=int, default=None, help="distinct page URLs crawled (default 2000)"
    )
    parser.add_argument("--crawl-workers", type=int, default=1, help="extraction processes (default 1)")


@dataclass(frozen=True)
class CrawlTiming:
    pages: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def run(args: argparse.Namespace) -> list[BenchRow]:
    from app.sampleweb.testing import running_sample_web

    pages = args.crawl_pages or (400 if args.quick else 2000)
    with running_sample_web(start=LATE) as web, tempfile.TemporaryDirectory(prefix="qs-crawl-bench-") as tmp:
        articles = [i.url for i in web.ground_truth() if i.source in SITES and not i.robots_disallowed]
        urls = [f"{articles[i % len(articles)]}?bench={i}" for i in range(pages)]
        bodies = [_fetch(url) for url in articles]
        urls_file = Path(tmp) / "urls.json"
        urls_file.write_text(json.dumps(urls), encoding="utf-8")
        fetch_only = _child("fetch", urls_file, Path(tmp) / "fetch", args.crawl_workers)
        ours = _child("full", urls_file, Path(tmp) / "full", args.crawl_workers)
        extract_rate = _trafilatura_rate(bodies, pages)
    return _rows(fetch_only.rate, extract_rate, ours, args.crawl_workers)


def _rows(fetch_rate: float, extract_rate: float, ours: CrawlTiming, workers: int) -> list[BenchRow]:
    combined = 1 / (1 / fetch_rate + 1 / extract_rate)
    note = "ratio = value / baseline (higher is better)"
    return [
        BenchRow(NAME, "a: Scrapy fetch only", fetch_rate, "pages/s"),
        BenchRow(NAME, "b: trafilatura alone", extract_rate, "pages/s"),
        BenchRow(
            NAME,
            "fetched+extracted+stored",
            ours.rate,
            "pages/s",
            "1/(1/a+1/b)",
            combined,
            ours.rate / combined,
            note=f"{ours.pages} pages in {ours.seconds:.1f} s, {workers} extraction process(es); {note}",
        ),
        BenchRow(NAME, "ratio vs 1/(1/a+1/b)", ours.rate / combined, "×", target="≥ 1.0", note=note),
    ]


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: bytes = response.read()
        return body


def _trafilatura_rate(bodies: list[bytes], pages: int) -> float:
    import trafilatura

    from crawlers.extraction import decode_html

    texts = [decode_html(body)[0] for body in bodies]
    started = time.perf_counter()
    for i in range(pages):
        trafilatura.extract(texts[i % len(texts)])
    return pages / (time.perf_counter() - started)


def _child(mode: str, urls_file: Path, home: Path, workers: int) -> CrawlTiming:
    command = [sys.executable, "-m", "bench.crawl_throughput", mode, str(urls_file), str(home), str(workers)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{mode} crawl failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return CrawlTiming(pages=int(data["pages"]), seconds=float(data["seconds"]))


# --- child processes ---------------------------------------------------------------------------


def _bench_settings(home: Path, base_url: str, workers: int) -> Any:
    from config import load_settings

    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.yaml").write_text(f"home: {home / 'var'}\n", encoding="utf-8")
    (home / "sources.yaml").write_text(
        "crawl:\n"
        "  download_delay_s: 0\n"
        "  autothrottle: false\n"
        "  concurrent_requests: 16\n"
        "  concurrent_requests_per_domain: 16\n"
        f"  extraction_workers: {workers}\n"
        "  store_batch_size: 100\n"
        "sources:\n"
        "  - id: bench\n"
        "    name: bench\n"
        "    kind: site\n"
        f"    start_urls: ['{base_url}/']\n"
        "    max_items_per_run: 1000000\n"
        "    max_requests_per_run: 1000000\n",
        encoding="utf-8",
    )
    return load_settings(home)


def _full_crawl(urls: list[str], home: Path, workers: int) -> CrawlTiming:
    from app.crawl_runner import CrawlService
    from crawlers.spiders.article_pages import ArticleSpider, ListingHint

    started: list[float] = []

    class BenchSpider(ArticleSpider):
        """The article path of the site spider, on a fixed list of URLs (each its own document)."""

        async def start(self) -> AsyncIterator[Any]:
            started.append(time.perf_counter())
            for url in urls:
                yield self.page_request(
                    url, self.parse_article, cb_kwargs={"hint": ListingHint(listed_url=url)}
                )

        def document_url(self, response: Any, canonical: str | None) -> str:
            return str(response.url)

    settings = _bench_settings(home, _base(urls[0]), workers)
    service = CrawlService(
        settings, list(settings.sources.sources), spider_for=lambda _: BenchSpider, analyze=False
    )
    service.run(once=True)
    finished = time.perf_counter()
    health = service.results["bench"]
    stored = health.last_run_new_items if health is not None else 0
    if stored != len(urls):
        raise RuntimeError(
            f"stored {stored} of {len(urls)} pages (errors {health and health.last_run_errors})"
        )
    return CrawlTiming(pages=stored, seconds=finished - started[0])


def _fetch_only(urls: list[str]) -> CrawlTiming:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from config.models.sources import CrawlSettings
    from crawlers.scrapy_settings import process_settings

    times: list[float] = []
    fetched: list[int] = []

    class FetchSpider(scrapy.Spider):
        name = "fetch-only"

        async def start(self) -> AsyncIterator[Any]:
            times.append(time.perf_counter())
            for url in urls:
                yield scrapy.Request(url, callback=self.parse)

        def parse(self, response: Any) -> Iterator[Any]:
            fetched.append(1)
            yield from ()

        def closed(self, reason: str) -> None:
            times.append(time.perf_counter())

    crawl = CrawlSettings(
        download_delay_s=0, autothrottle=False, concurrent_requests=16, concurrent_requests_per_domain=16
    )
    settings = {k: v for k, v in process_settings(crawl).items() if k != "DOWNLOADER_MIDDLEWARES"}
    process = CrawlerProcess({**settings, "LOG_LEVEL": "WARNING"})
    process.crawl(FetchSpider)
    process.start()
    return CrawlTiming(pages=len(fetched), seconds=times[-1] - times[0])


def _base(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _child_main(argv: list[str]) -> None:
    mode, urls_file, home, workers = argv
    urls = json.loads(Path(urls_file).read_text(encoding="utf-8"))
    timing = _fetch_only(urls) if mode == "fetch" else _full_crawl(urls, Path(home), int(workers))
    print(json.dumps({"pages": timing.pages, "seconds": timing.seconds}))


if __name__ == "__main__":
    _child_main(sys.argv[1:])
