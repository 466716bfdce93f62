"""Article extraction accuracy and speed: trafilatura alone, GNE alone and ours, measured in one run.

``python -m bench.extraction_accuracy [--data-dir DIR] [--repeat N] [--pages]``

Corpora, read from ``<data_dir>/extractor/`` (see the data README; nothing is copied into the repository):

- ``cwced``: 45 real Chinese pages with hand-made body text, author and date. Split by a SHA-256 of the file
  name into a tuning half (23 pages, the only ones examined while developing the extractor) and a
  held-out half (22 pages); both are reported.
- ``trafilatura_zh``: 4 pages with title, date and must-contain / must-not-contain snippets.
- ``newspaper_zh``: one page with its exact expected text.

Metrics:

- body F1, bag of characters: the multiset of non-whitespace characters of the extracted text against the
  gold text; precision = common / extracted, recall = common / gold; averaged over pages.
- title exact match, after collapsing whitespace.
- date match: the publication time equals the gold at the gold's own precision (year, month, day, minute,
  second); pages whose gold date is UNKNOWN or unreadable are skipped. "same day" compares the day only.
- speed: pages per second over every page, best of ``--repeat`` passes. Trafilatura (``extract``, default
  settings: the crawl benchmark's baseline) and GNE get decoded text; ours gets the raw bytes, so its
  time includes decoding, metadata and dates.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import BenchmarkUnavailable
from bench.common import BenchRow, corpora_dir

METHODS = ("trafilatura", "gne", "ours")
METRIC_ORDER = (
    "body F1 CWCED tune",
    "body F1 CWCED held",
    "body F1 CWCED all",
    "body F1 newspaper_zh",
    "snippets present trafilatura_zh",
    "snippets absent trafilatura_zh",
    "title exact trafilatura_zh",
    "date exact CWCED",
    "date same day CWCED",
    "date exact trafilatura_zh",
    "date same day trafilatura_zh",
    "author exact CWCED",
)
TUNING_PAGES = 23
_GOLD_DATE = re.compile(
    r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:\s+(\d{1,2})[:-](\d{1,2})(?:[:-](\d{1,2}))?)?"
)


@dataclass
class Page:
    """One benchmark page and what is known about it."""

    name: str
    corpus: str  # tune, held, trafilatura_zh, newspaper_zh
    raw: bytes
    html: str
    url: str | None = None
    text: str | None = None
    title: str | None = None
    date: tuple[int, ...] | None = None
    authors: frozenset[str] | None = None
    must: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    text: str = ""
    title: str = ""
    date: datetime | None = None
    author: str | None = None


# ---------------------------------------------------------------- corpora


def load_pages(data_dir: Path) -> list[Page]:
    """Every benchmark page; raises :class:`BenchmarkUnavailable` when the corpora are missing."""
    root = data_dir / "extractor"
    missing = [name for name in ("cwced", "trafilatura_zh", "newspaper_zh") if not (root / name).is_dir()]
    if missing:
        raise BenchmarkUnavailable(
            f"extractor corpora {missing} not found under {root}: pass --data-dir or set general.data_dir"
        )
    return cwced_pages(root / "cwced") + trafilatura_pages(root / "trafilatura_zh") + newspaper_pages(root)


def cwced_pages(root: Path) -> list[Page]:
    names = sorted((path.stem for path in (root / "original").glob("*.html")), key=_hash)
    tuning = set(names[:TUNING_PAGES])
    pages = []
    for name in sorted(names):
        raw = (root / "original" / f"{name}.html").read_bytes()
        pages.append(
            Page(
                name=name,
                corpus="tune" if name in tuning else "held",
                raw=raw,
                html=_decode(raw),
                text=_read(root / "cleaned" / f"{name}.txt"),
                date=gold_date(_read(root / "date" / f"{name}.txt")),
                authors=gold_authors(_read(root / "author" / f"{name}.txt")),
            )
        )
    return pages


def trafilatura_pages(root: Path) -> list[Page]:
    gold: dict[str, dict[str, Any]] = json.loads(_read(root / "trafilatura_evaldata_zh.json"))
    pages = []
    for url, item in gold.items():
        raw = (root / item["file"]).read_bytes()
        pages.append(
            Page(
                name=item["file"],
                corpus="trafilatura_zh",
                raw=raw,
                html=_decode(raw),
                url=url,
                title=item.get("title") or None,
                date=gold_date(item.get("date") or ""),
                must=list(item.get("with") or []),
                must_not=list(item.get("without") or []),
            )
        )
    return pages


def newspaper_pages(root: Path) -> list[Page]:
    raw = (root / "newspaper_zh" / "chinese_article.html").read_bytes()
    text = _read(root / "newspaper_zh" / "chinese.txt")
    return [Page(name="chinese_article.html", corpus="newspaper_zh", raw=raw, html=_decode(raw), text=text)]


def gold_date(value: str) -> tuple[int, ...] | None:
    """``"2005-8-12 16:12:21"`` → ``(2005, 8, 12, 16, 12, 21)``; ``"2003-5"`` → ``(2003, 5)``; else None."""
    match = _GOLD_DATE.fullmatch(value.strip())
    if match is None:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def gold_authors(value: str) -> frozenset[str] | None:
    """The gold author names as a set; an empty set for UNKNOWN; None when the gold is empty."""
    value = value.strip()
    if not value:
        return None
    return frozenset() if value.upper().startswith("UNKN") else frozenset(value.split())


def _hash(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _decode(raw: bytes) -> str:
    from crawlers.extraction import decode_html

    return decode_html(raw)[0]


# ---------------------------------------------------------------- extractors


def trafilatura_result(page: Page) -> Result:
    import trafilatura

    document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if document is None:
        return Result()
    return Result(
        text=getattr(document, "text", None) or "",
        title=getattr(document, "title", None) or "",
        date=_parse_date(getattr(document, "date", None)),
        author=getattr(document, "author", None),
    )


def gne_result(page: Page) -> Result:
    from gne import GeneralNewsExtractor

    try:
        found = GeneralNewsExtractor().extract(page.html)
    except Exception:  # GNE raises bare exceptions on pages it cannot handle
        return Result()
    return Result(
        text=found.get("content") or "",
        title=found.get("title") or "",
        date=_parse_date(found.get("publish_time")),
        author=found.get("author") or None,
    )


def our_result(page: Page) -> Result:
    from crawlers.extraction import extract_article

    article = extract_article(page.raw, url=page.url)
    return Result(text=article.text, title=article.title, date=article.published_at, author=article.author)


def _parse_date(value: object) -> datetime | None:
    from crawlers.extraction import parse_datetime

    return parse_datetime(value) if isinstance(value, str) and value.strip() else None


EXTRACTORS: dict[str, Callable[[Page], Result]] = {
    "trafilatura": trafilatura_result,
    "gne": gne_result,
    "ours": our_result,
}


def timed_calls() -> dict[str, Callable[[Page], object]]:
    import trafilatura
    from gne import GeneralNewsExtractor

    from crawlers.extraction import extract_article

    gne = GeneralNewsExtractor()

    def gne_call(page: Page) -> object:
        try:
            return gne.extract(page.html)
        except Exception:
            return None

    return {
        "trafilatura": lambda page: trafilatura.extract(page.html, url=page.url),
        "gne": gne_call,
        "ours": lambda page: extract_article(page.raw, url=page.url),
    }


# ---------------------------------------------------------------- metrics


def char_f1(extracted: str, gold: str) -> float:
    """Bag-of-characters F1 over non-whitespace characters."""
    ours = Counter(char for char in extracted if not char.isspace())
    theirs = Counter(char for char in gold if not char.isspace())
    common = sum((ours & theirs).values())
    if common == 0:
        return 0.0
    precision = common / sum(ours.values())
    recall = common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def date_matches(found: datetime | None, gold: tuple[int, ...], day_only: bool = False) -> bool:
    if found is None:
        return False
    parts = (found.year, found.month, found.day, found.hour, found.minute, found.second)
    width = min(len(gold), 3) if day_only else len(gold)
    return parts[:width] == gold[:width]


def authors_match(found: str | None, gold: frozenset[str]) -> bool:
    return frozenset((found or "").split()) == gold


@dataclass
class Score:
    """A mean over the pages a metric applies to."""

    total: float = 0.0
    count: int = 0

    def add(self, value: float) -> None:
        self.total += value
        self.count += 1

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


def score_pages(pages: Sequence[Page], results: dict[str, list[Result]]) -> dict[str, dict[str, Score]]:
    """metric → method → score."""
    table: dict[str, dict[str, Score]] = {}

    def add(metric: str, method: str, value: float) -> None:
        table.setdefault(metric, {name: Score() for name in METHODS})[method].add(value)

    for method in METHODS:
        for page, result in zip(pages, results[method], strict=True):
            _score_page(page, result, method, add)
    return {metric: table[metric] for metric in METRIC_ORDER if metric in table}


def _score_page(page: Page, result: Result, method: str, add: Callable[[str, str, float], None]) -> None:
    cwced = page.corpus in ("tune", "held")
    if page.text is not None:
        f1 = char_f1(result.text, page.text)
        add(f"body F1 CWCED {page.corpus}" if cwced else f"body F1 {page.corpus}", method, f1)
        if cwced:
            add("body F1 CWCED all", method, f1)
    if page.must or page.must_not:
        for snippet in page.must:
            add("snippets present trafilatura_zh", method, float(snippet in result.text))
        for snippet in page.must_not:
            add("snippets absent trafilatura_zh", method, float(snippet not in result.text))
    if page.title is not None:
        add(f"title exact {page.corpus}", method, float(_squash(result.title) == _squash(page.title)))
    source = "CWCED" if cwced else page.corpus
    if page.date is not None:
        add(f"date exact {source}", method, float(date_matches(result.date, page.date)))
        add(f"date same day {source}", method, float(date_matches(result.date, page.date, day_only=True)))
    if page.authors is not None:
        add("author exact CWCED", method, float(authors_match(result.author, page.authors)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def pages_per_second(pages: Sequence[Page], call: Callable[[Page], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            call(page)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


# ---------------------------------------------------------------- report


def print_report(table: dict[str, dict[str, Score]], speed: dict[str, float], pages: int) -> None:
    print(f"{'metric':<36}{'pages':>6}" + "".join(f"{name:>13}" for name in METHODS))
    for metric, scores in table.items():
        count = scores["ours"].count
        cells = "".join(_cell(scores[name].mean) for name in METHODS)
        print(f"{metric:<36}{count:>6}{cells}")
    print(f"{'pages/s (best run)':<36}{pages:>6}" + "".join(f"{speed[name]:>13.1f}" for name in METHODS))


def print_pages(pages: Sequence[Page], results: dict[str, list[Result]]) -> None:
    print(f"\n{'page':<40}{'set':>6}" + "".join(f"{name:>13}" for name in METHODS))
    for index, page in enumerate(pages):
        if page.text is None:
            continue
        cells = "".join(f"{char_f1(results[name][index].text, page.text):>13.3f}" for name in METHODS)
        print(f"{page.name[:40]:<40}{page.corpus[:6]:>6}{cells}")


def _cell(value: float | None) -> str:
    return f"{value:>13.3f}" if value is not None else f"{'':>13}"


def bench_rows(table: dict[str, dict[str, Score]], speed: dict[str, float]) -> list[BenchRow]:
    targets = {"body F1 CWCED all": "≥ 0.92", "body F1 CWCED held": "≥ 0.92"}
    rows = []
    for metric in ("body F1 CWCED all", "body F1 CWCED held", "body F1 CWCED tune", "date exact CWCED"):
        if metric in table:
            rows.append(
                BenchRow(
                    benchmark="extraction",
                    metric=metric,
                    value=round(table[metric]["ours"].mean or 0.0, 4),
                    unit="F1" if metric.startswith("body") else "share",
                    baseline_name="trafilatura",
                    baseline_value=round(table[metric]["trafilatura"].mean or 0.0, 4),
                    target=targets.get(metric),
                    note=f"gne {table[metric]['gne'].mean or 0.0:.3f}; {table[metric]['ours'].count} pages",
                )
            )
    rows.append(
        BenchRow(
            benchmark="extraction",
            metric="pages/s",
            value=round(speed["ours"], 1),
            unit="pages/s",
            baseline_name="trafilatura",
            baseline_value=round(speed["trafilatura"], 1),
            ratio=round(speed["ours"] / speed["trafilatura"], 2),
            note="ratio = ours / trafilatura; ours includes decoding and metadata",
        )
    )
    return rows


# ---------------------------------------------------------------- entry points


def add_arguments(parser: argparse.ArgumentParser | Any) -> None:
    parser.add_argument("--extraction-repeat", type=int, default=3, help="timing passes (best is kept)")


def run(args: argparse.Namespace) -> list[BenchRow]:
    """The registry entry point (``python -m bench``)."""
    table, speed, _, _ = measure(corpora_dir(args), getattr(args, "extraction_repeat", 3))
    return bench_rows(table, speed)


def measure(
    data_dir: Path, repeat: int
) -> tuple[dict[str, dict[str, Score]], dict[str, float], list[Page], dict[str, list[Result]]]:
    pages = load_pages(data_dir)
    results = {name: [EXTRACTORS[name](page) for page in pages] for name in METHODS}
    calls = timed_calls()
    speed = {name: pages_per_second(pages, calls[name], repeat) for name in METHODS}
    return score_pages(pages, results), speed, pages, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extraction_accuracy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="third-party corpora (settings.data_dir)")
    parser.add_argument("--repeat", dest="extraction_repeat", type=int, default=3, help="timing passes")
    parser.add_argument("--pages", action="store_true", help="also print the body F1 of every page")
    args = parser.parse_args(argv)
    try:
        table, speed, pages, results = measure(corpora_dir(args), args.extraction_repeat)
    except BenchmarkUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_report(table, speed, len(pages))
    if args.pages:
        print_pages(pages, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
