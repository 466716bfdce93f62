"""Quality of the shipped NLP models on held-out data: ``python -m bench.nlp_quality [--data-dir DIR]``.

* Sentiment: macro-F1 (3 classes) of the shipped default model on SMP2020-EWECT ``usual_eval_labeled``
  + ``virus_eval_labeled`` (happy→正面, neutral→中性, angry/sad/fear→负面, surprise dropped,
  duplicates removed), which training never saw; the baseline is character 1–3-gram TF-IDF + logistic
  regression trained in this run on the same training rows with mapped labels (SMP2020 virus_train,
  NLPCC 2013, weibo_senti_100k with emoticons stripped, COVID-19 Weibo). ``ratio`` = model / baseline.
* Relevance: F1 of the "environment" class of the shipped default model as the issue defines the task —
  environmental texts (CLS_IsClimate valid positives, 25 % of the demo candidates) against the news-title
  corpora (test splits) — and, beside it, on the full held-out set that also counts the CLS_IsClimate
  valid negatives (off-topic-labelled comments under climate threads, noisy) as "other"; both against
  the same baseline trained on the relevance training rows (which include those negatives).

``--quick`` trains the baselines on at most 3,000 rows per corpus (the model is always the shipped one).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from bench import BenchmarkUnavailable
from bench.common import BenchRow, corpora_dir
from nlp.errors import DataMissingError
from nlp.models import ModelRegistry
from nlp.training import datasets
from nlp.training.corpora import LabeledText
from nlp.training.evaluation import Evaluation, evaluate_predictions
from nlp.training.train import (
    TASK_LABELS,
    build_baseline,
    load_split,
    mapped_rows,
    pipeline_probabilities,
    probabilities,
    subsample,
)

QUICK_LIMIT = 3000


Subsets = Mapping[str, Callable[[list[LabeledText]], list[LabeledText]]]


@dataclass(frozen=True)
class Measured:
    """The shipped model and the baseline trained now, each evaluated on some held-out rows."""

    model: Evaluation
    baseline: Evaluation
    split: datasets.Split  # its ``held_out``: the rows evaluated
    rate: float  # texts per second of the model's prediction over all held-out rows


def measure(
    task: str, data_dir: Path, limit: int | None, subsets: Subsets | None = None
) -> dict[str, Measured]:
    """The shipped model and the baseline trained now on the task's held-out rows ("all") and on each
    of ``subsets`` (a name → a filter of the held-out rows); the baseline is trained once."""
    try:
        split = load_split(task, data_dir)
    except DataMissingError as exc:
        raise BenchmarkUnavailable(f"{exc} (pass --data-dir or set general.data_dir)") from exc
    with tempfile.TemporaryDirectory() as empty:
        model, _ = ModelRegistry(Path(empty)).load(task, "default")
    rows = mapped_rows(subsample(split.train, limit, 13))
    baseline = build_baseline(task).fit([r.text for r in rows], [r.label for r in rows])
    return evaluations(task, model, baseline, split, subsets or {})


def evaluations(
    task: str, model: Any, baseline: Pipeline, split: datasets.Split, subsets: Subsets
) -> dict[str, Measured]:
    """:func:`measure` with the model and the baseline at hand. Both predict every held-out row once;
    each subset's metrics are computed from its rows' predictions (the same figures as predicting
    the subset alone: every text is scored on its own)."""
    held_out = split.held_out
    texts = [r.text for r in held_out]
    started = time.perf_counter()
    model_proba = probabilities(task, model, texts)
    rate = len(texts) / max(time.perf_counter() - started, 1e-9)
    baseline_proba = pipeline_probabilities(task, baseline, texts)
    position = {id(row): index for index, row in enumerate(held_out)}
    results: dict[str, Measured] = {}
    for name, pick in {"all": list, **subsets}.items():
        picked = pick(held_out)
        if any(id(row) not in position for row in picked):
            raise ValueError(f"subset {name!r}: its filter must return held-out rows themselves, not copies")
        at = np.asarray([position[id(row)] for row in picked], dtype=np.intp)
        labels = [row.label for row in picked]
        results[name] = Measured(
            evaluate_predictions(labels, model_proba[at], TASK_LABELS[task]),
            evaluate_predictions(labels, baseline_proba[at], TASK_LABELS[task]),
            datasets.Split(split.train, picked, split.description),
            rate,
        )
    return results


def _counts(split: datasets.Split) -> str:
    labels: dict[str, int] = {}
    for row in split.held_out:
        labels[row.label] = labels.get(row.label, 0) + 1
    return ", ".join(f"{k} {v:,}" for k, v in sorted(labels.items()))


def bench_rows(data_dir: Path, quick: bool) -> list[BenchRow]:
    limit = QUICK_LIMIT if quick else None
    trained = (
        f"baseline trained on ≤{limit} rows per corpus" if limit else "baseline trained on all training rows"
    )
    sentiment_run = measure("sentiment", data_dir, limit)["all"]
    sentiment, sentiment_base = sentiment_run.model, sentiment_run.baseline
    s_split = sentiment_run.split
    relevance = measure(
        "relevance",
        data_dir,
        limit,
        {
            "issue": datasets.relevance_issue_rows,
            "climate_negatives": datasets.climate_negative_rows,
        },
    )
    negatives = relevance["climate_negatives"]
    return [
        BenchRow(
            benchmark="nlp sentiment (SMP2020 usual+virus eval)",
            metric="macro-F1",
            value=sentiment.macro_f1,
            unit="",
            baseline_name="char 1-3 TF-IDF + LR",
            baseline_value=sentiment_base.macro_f1,
            ratio=round(sentiment.macro_f1 / max(sentiment_base.macro_f1, 1e-9), 3),
            target="≥ 0.82",
            note=(
                f"ratio = model/baseline; held-out {len(s_split.held_out):,} posts ({_counts(s_split)}); "
                f"accuracy {sentiment.accuracy:.4f}, ECE {sentiment.ece}; {trained}; "
                f"{sentiment_run.rate:,.0f} posts/s"
            ),
        ),
        relevance_row("nlp relevance (environment vs news titles)", relevance["issue"], trained, "≥ 0.90"),
        relevance_row("nlp relevance (+ IsClimate negatives as other)", relevance["all"], trained, None),
        BenchRow(
            benchmark="nlp relevance (IsClimate negatives)",
            metric="scored environmental",
            value=1 - negatives.model.per_class["other"]["recall"],
            unit="share",
            baseline_name="char 1-3 TF-IDF + LR",
            baseline_value=1 - negatives.baseline.per_class["other"]["recall"],
            note=(
                f"{len(negatives.split.held_out):,} held-out CLS_IsClimate valid comments labelled off-topic "
                "(noisy: many are climate or smog content); lower is better"
            ),
        ),
    ]


def relevance_row(name: str, measured: Measured, trained: str, target: str | None) -> BenchRow:
    report, split = measured.model, measured.split
    env = report.per_class["environment"]
    env_base = measured.baseline.per_class["environment"]["f1"]
    return BenchRow(
        benchmark=name,
        metric="F1 environment",
        value=env["f1"],
        unit="",
        baseline_name="char 1-3 TF-IDF + LR",
        baseline_value=env_base,
        ratio=round(env["f1"] / max(env_base, 1e-9), 3),
        target=target,
        note=(
            f"ratio = model/baseline; held-out {len(split.held_out):,} texts ({_counts(split)}); "
            f"P {env['precision']:.4f} R {env['recall']:.4f}; macro-F1 {report.macro_f1:.4f}; {trained}; "
            f"{measured.rate:,.0f} texts/s (all held-out texts)"
        ),
    )


def run(args: argparse.Namespace) -> list[BenchRow]:
    """The registry entry point (``python -m bench``)."""
    return bench_rows(corpora_dir(args), bool(getattr(args, "quick", False)))


def _print(rows: list[BenchRow]) -> None:
    for row in rows:
        fields: dict[str, Any] = {
            "value": f"{row.value:.4f}",
            "baseline": f"{row.baseline_value:.4f}" if row.baseline_value is not None else "-",
            "ratio": row.ratio,
            "target": row.target,
            "met": row.target_met(),
        }
        print(f"{row.benchmark}: {row.metric} " + " ".join(f"{k}={v}" for k, v in fields.items()))
        print(f"  {row.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nlp_quality", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="third-party corpora (settings.data_dir)")
    parser.add_argument("--quick", action="store_true", help=f"baselines on ≤{QUICK_LIMIT} rows per corpus")
    args = parser.parse_args(argv)
    try:
        rows = run(args)
    except BenchmarkUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
