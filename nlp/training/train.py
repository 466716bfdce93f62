"""Training and evaluation of the sentiment and relevance models (what ``qingshan nlp train`` runs).

:func:`train_task` builds the task's split from the data directory (:mod:`nlp.training.datasets`),
optionally adds analyst labels (``labels``, an explicit CSV: never mixed into the held-out set),
runs k-fold cross-validation (and a small grid search), fits the final pipeline on all training rows,
evaluates it and the baseline on the held-out rows and returns a :class:`TrainingRun` whose
:class:`nlp.models.ModelCard` records the data, split, parameters and metrics.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import logging
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from nlp.classifier import AUX_PREFIX, is_aux
from nlp.errors import LabelError
from nlp.models.registry import ModelCard
from nlp.models.tasks import TASKS, wrap
from nlp.relevance import (
    RELEVANCE_LABELS,
    build_relevance_baseline,
    build_relevance_pipeline,
    parse_relevance,
)
from nlp.sentiment.labels import SENTIMENT_LABELS, parse_sentiment
from nlp.sentiment.pipeline import build_baseline_pipeline, build_sentiment_pipeline
from nlp.training import datasets
from nlp.training.corpora import LabeledText
from nlp.training.evaluation import Evaluation, evaluate_predictions

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as training advances."""

TASK_LABELS: dict[str, tuple[str, ...]] = {"sentiment": SENTIMENT_LABELS, "relevance": RELEVANCE_LABELS}
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "sentiment": {"C": 0.1, "aux_scale": 1.0, "lexicon_scale": 1.0, "n_features": 2**17},
    "relevance": {"C": 0.1, "n_features": 2**17},  # the sentiment model's width: they share n-gram counts
}
GRIDS: dict[str, dict[str, list[Any]]] = {
    "sentiment": {"C": [0.05, 0.1, 0.2], "aux_scale": [0.3, 1.0]},
    "relevance": {"C": [0.1, 0.3, 1.0]},
}
LABELS_SOURCE = "analyst_labels"


def check_task(task: str) -> None:
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")


def parse_label(task: str, label: str) -> str:
    """A CSV label of ``task`` as the model's internal label (LabelError when unknown)."""
    check_task(task)
    return parse_sentiment(label) if task == "sentiment" else parse_relevance(label)


def build_pipeline(task: str, params: Mapping[str, Any] | None = None) -> Pipeline:
    check_task(task)
    merged = {**DEFAULT_PARAMS[task], **(params or {})}
    if task == "sentiment":
        return build_sentiment_pipeline(**merged)
    return build_relevance_pipeline(**merged)


def build_baseline(task: str) -> Pipeline:
    """Character 1–3-gram TF-IDF + logistic regression (trained on mapped labels only)."""
    check_task(task)
    return build_baseline_pipeline() if task == "sentiment" else build_relevance_baseline()


def text_hash(text: str) -> str:
    """A short stable hash of a text (whitespace ignored), recorded in cards for analyst labels."""
    return hashlib.sha1(datasets.key(text).encode("utf-8")).hexdigest()[:16]


# --- labelled CSV files ---------------------------------------------------------------------------


@dataclass
class LabeledCsv:
    """Rows of a ``text,label[,date]`` CSV; ``dates`` is None when the file has no date column."""

    path: Path
    rows: list[LabeledText]
    dates: list[date | None] | None = None
    extra: dict[str, Counter[str]] = field(default_factory=dict)


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def read_labeled_csv(path: Path, task: str) -> LabeledCsv:
    """Read a ``text,label`` CSV (optional ``date``, ``labeled_by`` columns); LabelError names file and line."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise LabelError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in ("text", "label") if c not in columns]
        if missing:
            raise LabelError(f"{path}: missing column(s) {', '.join(missing)} (need text,label)")
        reader.fieldnames = columns
        rows: list[LabeledText] = []
        dates: list[date | None] = []
        who: Counter[str] = Counter()
        try:
            for line, record in enumerate(reader, start=2):
                text = (record.get("text") or "").strip()
                raw = (record.get("label") or "").strip()
                if not text:
                    continue
                try:
                    label = parse_label(task, raw)
                except LabelError as exc:
                    raise LabelError(f"{path}, line {line}: {exc}") from None
                rows.append(LabeledText(text, label, LABELS_SOURCE, raw))
                dates.append(_parse_date(record.get("date") or ""))
                if record.get("labeled_by"):
                    who[str(record["labeled_by"]).strip()] += 1
        except (csv.Error, UnicodeDecodeError) as exc:
            raise LabelError(f"{path}: not a readable UTF-8 CSV: {exc}") from exc
    has_dates = "date" in columns and any(d is not None for d in dates)
    return LabeledCsv(path, rows, dates if has_dates else None, {"labeled_by": who})


# --- evaluation -----------------------------------------------------------------------------------


def probabilities(task: str, model: Any, texts: Sequence[str]) -> NDArray[np.float64]:
    """``(n, len(labels))`` probabilities of a wrapped model, columns in :data:`TASK_LABELS` order."""
    proba = np.asarray(model.probabilities(list(texts)), dtype=np.float64)
    if task == "relevance":
        return np.column_stack([proba, 1.0 - proba]) if len(proba) else np.zeros((0, 2))
    return proba


def evaluate_model(
    task: str,
    model: Any,
    rows: Sequence[LabeledText],
    dates: Sequence[date | None] | None = None,
) -> Evaluation:
    """Per-class P/R/F1, macro-F1, confusion and calibration of a wrapped ``model`` on ``rows``."""
    proba = probabilities(task, model, [r.text for r in rows])
    return evaluate_predictions([r.label for r in rows], proba, TASK_LABELS[task], dates)


def pipeline_probabilities(task: str, pipeline: Pipeline, texts: Sequence[str]) -> NDArray[np.float64]:
    """``predict_proba`` of a bare fitted pipeline (the baseline), columns in :data:`TASK_LABELS` order."""
    classes = [str(c) for c in pipeline.classes_]
    proba = np.asarray(pipeline.predict_proba(list(texts)), dtype=np.float64)
    return proba[:, [classes.index(label) for label in TASK_LABELS[task]]]


def evaluate_pipeline(task: str, pipeline: Pipeline, rows: Sequence[LabeledText]) -> Evaluation:
    """Metrics of a bare fitted pipeline (the baseline), columns reordered to the task's labels."""
    ordered = pipeline_probabilities(task, pipeline, [r.text for r in rows])
    return evaluate_predictions([r.label for r in rows], ordered, TASK_LABELS[task])


def compact(report: Evaluation) -> dict[str, Any]:
    """The metrics a model card keeps (no reliability table)."""
    return {
        "macro_f1": report.macro_f1,
        "accuracy": report.accuracy,
        "support": report.support,
        "per_class": report.per_class,
        "confusion_matrix": report.confusion,
        "ece": report.ece,
    }


# --- training -------------------------------------------------------------------------------------


def target_rows(rows: Sequence[LabeledText]) -> list[LabeledText]:
    return [r for r in rows if not r.label.startswith(AUX_PREFIX)]


def mapped_rows(rows: Sequence[LabeledText]) -> list[LabeledText]:
    """Auxiliary rows with their mapped label (``aux:corpus:negative`` → ``negative``), for baselines."""
    return [LabeledText(r.text, r.label.rsplit(":", 1)[-1], r.source, r.original) for r in rows]


def subsample(rows: Sequence[LabeledText], limit: int | None, seed: int) -> list[LabeledText]:
    """At most ``limit`` rows per source (a deterministic sample), for quick runs; None keeps all."""
    if limit is None:
        return list(rows)
    by_source: dict[str, list[LabeledText]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    out: list[LabeledText] = []
    for source in sorted(by_source):
        group = by_source[source]
        out.extend(group if len(group) <= limit else random.Random(seed).sample(group, limit))
    return out


def cross_validate(
    task: str,
    rows: Sequence[LabeledText],
    params: Mapping[str, Any],
    folds: int,
    seed: int,
    progress: Progress | None = None,
    stage: str = "cross-validation",
) -> dict[str, Any]:
    """Stratified k-fold macro-F1 over the target rows; auxiliary rows are always in training."""
    labels = np.asarray([r.label for r in rows], dtype=object)
    aux = is_aux(labels)
    target = np.flatnonzero(~aux)
    auxiliary = [rows[int(i)] for i in np.flatnonzero(aux)]
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    scores: list[float] = []
    for fold, (fit_idx, test_idx) in enumerate(splitter.split(target, labels[target])):
        if progress:
            progress(stage, fold, folds)
        train = [rows[int(i)] for i in target[fit_idx]] + auxiliary
        test = [rows[int(i)] for i in target[test_idx]]
        pipeline = build_pipeline(task, params).fit([r.text for r in train], [r.label for r in train])
        scores.append(evaluate_model(task, wrap(task, pipeline, {}), test).macro_f1)
    if progress:
        progress(stage, folds, folds)
    return {
        "folds": folds,
        "macro_f1_mean": round(float(np.mean(scores)), 4),
        "macro_f1_std": round(float(np.std(scores)), 4),
        "macro_f1_folds": scores,
        "params": dict(params),
    }


def grid_search(
    task: str,
    rows: Sequence[LabeledText],
    folds: int,
    seed: int,
    grid: Mapping[str, Sequence[Any]] | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The grid point with the best mean CV macro-F1, and every point's result."""
    grid = grid or GRIDS[task]
    names = sorted(grid)
    results: list[dict[str, Any]] = []
    points = list(itertools.product(*(grid[n] for n in names)))
    for index, values in enumerate(points):
        params = {**DEFAULT_PARAMS[task], **dict(zip(names, values, strict=True))}
        stage = f"grid {index + 1}/{len(points)}"
        results.append(cross_validate(task, rows, params, folds, seed, progress, stage))
    best = max(results, key=lambda r: r["macro_f1_mean"])
    return dict(best["params"]), results


@dataclass
class TrainingRun:
    """A fitted pipeline, its (unversioned) card and the held-out evaluations."""

    task: str
    pipeline: Pipeline
    card: ModelCard
    held_out: Evaluation
    baseline: Evaluation | None = None
    cv: dict[str, Any] | None = None

    @property
    def model(self) -> Any:
        return wrap(self.task, self.pipeline, {})


def load_split(task: str, data_dir: Path) -> datasets.Split:
    check_task(task)
    if task == "sentiment":
        return datasets.official_sentiment_split(data_dir)
    return datasets.relevance_split(data_dir)


def counts_by_source(rows: Sequence[LabeledText]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = {}
    for row in rows:
        source = row.source
        table.setdefault(source, Counter())[row.label.rsplit(":", 1)[-1]] += 1
    return {source: dict(sorted(c.items())) for source, c in sorted(table.items())}


def add_labels(
    split: datasets.Split, labels: LabeledCsv | None
) -> tuple[list[LabeledText], dict[str, Any] | None]:
    """Training rows plus the analyst labels that are not held-out texts, and the card's record of them."""
    if labels is None:
        return split.train, None
    held = {datasets.key(r.text) for r in split.held_out}
    kept = [r for r in labels.rows if datasets.key(r.text) not in held]
    excluded = len(labels.rows) - len(kept)
    if excluded:
        logger.warning("%d analyst labels are held-out texts and were not trained on", excluded)
    record = {
        "file": str(labels.path),
        "rows": len(labels.rows),
        "trained_on": len(kept),
        "excluded_held_out": excluded,
        "labels": dict(Counter(r.label for r in kept)),
        "labeled_by": dict(labels.extra.get("labeled_by", Counter())),
        "text_hashes": sorted({text_hash(r.text) for r in kept}),
    }
    return [*split.train, *kept], record


def train_task(
    task: str,
    data_dir: Path,
    *,
    folds: int = 0,
    grid: bool = False,
    labels: LabeledCsv | None = None,
    params: Mapping[str, Any] | None = None,
    seed: int = 13,
    limit: int | None = None,
    baseline: bool = True,
    progress: Progress | None = None,
    created_by: str = "",
) -> TrainingRun:
    """Train ``task`` on the data directory (see the module docstring); ``folds`` 0 skips CV."""
    split = load_split(task, data_dir)
    split = datasets.Split(
        subsample(split.train, limit, seed), subsample(split.held_out, limit, seed), split.description
    )
    train_rows, labels_record = add_labels(split, labels)
    chosen = {**DEFAULT_PARAMS[task], **(params or {})}
    cv: dict[str, Any] | None = None
    grid_results: list[dict[str, Any]] = []
    if grid:
        chosen, grid_results = grid_search(task, train_rows, max(folds, 3), seed, progress=progress)
        cv = max(grid_results, key=lambda r: r["macro_f1_mean"])
    elif folds:
        cv = cross_validate(task, train_rows, chosen, folds, seed, progress)
    if progress:
        progress("fit", 0, 1)
    pipeline = build_pipeline(task, chosen).fit([r.text for r in train_rows], [r.label for r in train_rows])
    if progress:
        progress("fit", 1, 1)
        progress("evaluate", 0, 1)
    held_out = evaluate_model(task, wrap(task, pipeline, {}), split.held_out)
    baseline_report = None
    if baseline:
        rows = mapped_rows(train_rows)
        base = build_baseline(task).fit([r.text for r in rows], [r.label for r in rows])
        baseline_report = evaluate_pipeline(task, base, split.held_out)
    if progress:
        progress("evaluate", 1, 1)
    metrics: dict[str, Any] = {"held_out": compact(held_out)}
    if task == "relevance":
        metrics["held_out"]["f1_environment"] = held_out.per_class["environment"]["f1"]
    if baseline_report is not None:
        metrics["baseline"] = {
            "model": "char 1-3-gram TF-IDF + logistic regression",
            **compact(baseline_report),
        }
    if cv is not None:
        metrics["cross_validation"] = cv
    if grid_results:
        metrics["grid"] = [{"params": r["params"], "macro_f1_mean": r["macro_f1_mean"]} for r in grid_results]
    data: dict[str, Any] = {
        "data_dir": str(data_dir),
        "split": split.description,
        "seed": seed,
        "limit_per_source": limit,
        "train": counts_by_source(train_rows),
        "held_out": counts_by_source(split.held_out),
        "analyst_labels": labels_record,
    }
    card = ModelCard(task=task, created_by=created_by, data=data, metrics=metrics, params=dict(chosen))
    return TrainingRun(task, pipeline, card, held_out, baseline_report, cv)
