"""Region accuracy on hand-labelled news titles: ``python -m bench.nlp_regions [--data-dir DIR] [--errors]``.

The gold file ``bench/nlp_regions_gold.csv`` points at titles in the third-party corpora (file and line, no
text) and gives the provinces each title is about, labelled by reading the title, blind to the extractor's
output. How the sample was drawn and labelled is written in ``bench/nlp_regions.md``.

In ``python -m bench`` (:func:`run`): province accuracy on the held-out and the development set, against
the same run's naive baseline (province names and short names found in the title, in order; no cities,
counties, aliases or disambiguation); target ≥ 0.95 on the held-out set.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench import BenchmarkUnavailable
from bench.common import BenchRow
from nlp.regions import RegionExtractor
from nlp.regions.extractor import default_gazetteer
from nlp.regions.gazetteer import Level

GOLD = Path(__file__).with_name("nlp_regions_gold.csv")
HELDOUT = Path(__file__).with_name("nlp_regions_heldout.csv")
TARGET = 0.95
TNEWS_PREFIX = "tnews/"


@dataclass
class RegionScores:
    located: int = 0  # titles with a known location
    exact: int = 0  # predicted province set == gold set
    primary: int = 0  # the first predicted province is a gold one
    empty: int = 0  # located titles with no prediction
    unlocated: int = 0  # titles about no Chinese place
    false_positive: int = 0  # unlocated titles with a prediction
    excluded: int = 0  # titles whose only place is inside an organisation name, or unclear
    seconds: float = 0.0
    errors: list[dict[str, object]] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        located = max(self.located, 1)
        return {
            "located": self.located,
            "province_accuracy": round(self.exact / located, 4),
            "primary_province_accuracy": round(self.primary / located, 4),
            "no_prediction_rate": round(self.empty / located, 4),
            "unlocated": self.unlocated,
            "false_positive_rate": round(self.false_positive / max(self.unlocated, 1), 4),
            "excluded": self.excluded,
            "titles_per_second": round((self.located + self.unlocated) / max(self.seconds, 1e-9)),
        }


def read_title(data_dir: Path, file: str, line: int, cache: dict[str, list[str]]) -> str:
    """The title at ``line`` of one of the topic corpora (tab- or JSON-lines, maybe gzipped)."""
    if file not in cache:
        path = data_dir / "topic" / file
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            cache[file] = handle.read().splitlines()
    raw = cache[file][line]
    if file.startswith(TNEWS_PREFIX):
        return str(json.loads(raw)["sentence"])
    if file.startswith("nlpcc2017"):
        return raw.split("\t", 1)[1].replace(" ", "")
    return raw.split("\t", 1)[0]


def gold_items(data_dir: Path, gold: Path) -> Iterator[tuple[str, str, str]]:
    """(item id, title, gold provinces as ``|``-joined codes, ``none`` or ``?``)."""
    cache: dict[str, list[str]] = {}
    with gold.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["item"], read_title(data_dir, row["file"], int(row["line"]), cache), row["provinces"]


class _Provinces(Protocol):
    @property
    def provinces(self) -> list[str]: ...


class Extractor(Protocol):
    def extract(self, text: str) -> _Provinces: ...


@dataclass
class _Found:
    provinces: list[str]


class ProvinceNameBaseline:
    """The naive baseline: provinces whose name or short name (江苏省, 江苏) occurs in the text."""

    def __init__(self) -> None:
        provinces = [r for r in default_gazetteer().regions.values() if r.level is Level.PROVINCE]
        self.names = sorted(
            ((name, r.code) for r in provinces for name in {r.name, r.short} if len(name) >= 2),
            key=lambda pair: -len(pair[0]),
        )

    def extract(self, text: str) -> _Found:
        found: dict[str, int] = {}
        for name, code in self.names:
            at = text.find(name)
            if at >= 0:
                found[code] = min(found.get(code, at), at)
        return _Found(sorted(found, key=found.__getitem__))


def evaluate(data_dir: Path, gold: Path = GOLD, extractor: Extractor | None = None) -> RegionScores:
    chosen: Extractor = extractor or RegionExtractor()
    scores = RegionScores()
    for item, title, label in gold_items(data_dir, gold):
        if label == "?":
            scores.excluded += 1
            continue
        started = time.perf_counter()
        predicted = chosen.extract(title).provinces
        scores.seconds += time.perf_counter() - started
        expected = [] if label == "none" else label.split("|")
        score_one(scores, predicted, expected)
        if set(predicted) != set(expected):
            scores.errors.append({"item": item, "title": title, "gold": expected, "predicted": predicted})
    return scores


def score_one(scores: RegionScores, predicted: list[str], expected: list[str]) -> None:
    if not expected:
        scores.unlocated += 1
        scores.false_positive += bool(predicted)
        return
    scores.located += 1
    scores.exact += set(predicted) == set(expected)
    scores.primary += bool(predicted) and predicted[0] in expected
    scores.empty += not predicted


def run(args: argparse.Namespace) -> list[BenchRow]:
    """The registry entry point (``python -m bench``): held-out and development sets vs the baseline."""
    from config import load_settings

    data_dir = Path(args.data_dir) if getattr(args, "data_dir", None) else load_settings().data_dir
    if not (data_dir / "topic").is_dir():
        raise BenchmarkUnavailable(
            f"{data_dir}/topic is missing: pass --data-dir pointing at the shared corpora"
        )
    extractor, baseline = RegionExtractor(), ProvinceNameBaseline()
    rows = []
    for label, gold, target in (("held-out", HELDOUT, f"≥ {TARGET:g}"), ("development", GOLD, None)):
        ours = evaluate(data_dir, gold, extractor).summary()
        naive = evaluate(data_dir, gold, baseline).summary()
        value, base = float(ours["province_accuracy"]), float(naive["province_accuracy"])
        rows.append(
            BenchRow(
                "nlp regions",
                f"province accuracy, {label}",
                value,
                "share",
                "province names",
                base,
                value / base if base else None,
                target,
                f"ratio = value/baseline; {ours['located']} located titles; false positives "
                f"{ours['false_positive_rate']:.1%} of {ours['unlocated']} unlocated; "
                f"{ours['titles_per_second']:,} titles/s",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--errors", action="store_true", help="list every title the extractor got wrong")
    args = parser.parse_args(argv)
    if not (args.data_dir / "topic").is_dir():
        raise SystemExit(f"{args.data_dir}/topic is missing: pass --data-dir pointing at the shared corpora")
    scores = evaluate(args.data_dir, args.gold)
    if args.errors:
        for error in scores.errors:
            print(json.dumps(error, ensure_ascii=False))
    print(json.dumps(scores.summary() | {"data": str(args.gold.name)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
