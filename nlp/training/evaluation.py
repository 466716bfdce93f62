"""Evaluation of a classifier on labelled texts: per-class precision/recall/F1, macro-F1, accuracy,
confusion matrix, calibration (expected calibration error and reliability bins), and the same
metrics per period when the texts carry dates (time-split evaluation)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

CALIBRATION_BINS = 10


@dataclass
class Evaluation:
    """Everything ``qingshan nlp evaluate`` prints; ``as_dict`` is its ``--json`` object."""

    labels: list[str]
    per_class: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    support: int
    confusion: list[list[int]]
    ece: float | None = None
    reliability: list[dict[str, float]] = field(default_factory=list)
    periods: dict[str, dict[str, float]] = field(default_factory=dict)
    excluded_seen: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "per_class": self.per_class,
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "support": self.support,
            "confusion_matrix": self.confusion,
            "ece": self.ece,
            "reliability": self.reliability,
            "periods": self.periods,
            "excluded_seen_in_training": self.excluded_seen,
        }


def classification_report(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> Evaluation:
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(labels), zero_division=0
    )
    per_class = {
        label: {
            "precision": round(float(p), 4),
            "recall": round(float(r), 4),
            "f1": round(float(f), 4),
            "support": int(s),
        }
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    return Evaluation(
        labels=list(labels),
        per_class=per_class,
        macro_f1=round(float(np.mean(f1)), 4),
        accuracy=round(float(accuracy_score(y_true, y_pred)), 4) if len(y_true) else 0.0,
        support=len(y_true),
        confusion=confusion_matrix(y_true, y_pred, labels=list(labels)).tolist(),
    )


def reliability_bins(
    correct: NDArray[np.bool_], confidence: NDArray[np.float64]
) -> tuple[float, list[dict[str, float]]]:
    """Expected calibration error of the top label and its reliability table (equal-width bins)."""
    edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
    bins: list[dict[str, float]] = []
    ece = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if not inside.any():
            continue
        accuracy, mean_conf = float(correct[inside].mean()), float(confidence[inside].mean())
        ece += inside.mean() * abs(accuracy - mean_conf)
        bins.append(
            {
                "low": round(float(low), 2),
                "high": round(float(high), 2),
                "count": int(inside.sum()),
                "confidence": round(mean_conf, 4),
                "accuracy": round(accuracy, 4),
            }
        )
    return round(float(ece), 4), bins


def evaluate_predictions(
    y_true: Sequence[str],
    proba: NDArray[np.float64],
    labels: Sequence[str],
    dates: Sequence[date | None] | None = None,
) -> Evaluation:
    """Metrics of probabilities ``proba`` (columns in ``labels`` order) against ``y_true``."""
    predicted = [labels[i] for i in proba.argmax(axis=1)] if len(proba) else []
    report = classification_report(y_true, predicted, labels)
    if len(proba):
        correct = np.asarray(predicted) == np.asarray(y_true)
        report.ece, report.reliability = reliability_bins(correct, proba.max(axis=1))
    if dates is not None and any(d is not None for d in dates):
        report.periods = by_period(y_true, predicted, labels, dates)
    return report


def by_period(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str], dates: Sequence[date | None]
) -> dict[str, dict[str, float]]:
    """Macro-F1 and accuracy per calendar month, oldest first (texts without a date are skipped)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, day in enumerate(dates):
        if day is not None:
            groups[f"{day.year:04d}-{day.month:02d}"].append(index)
    out: dict[str, dict[str, float]] = {}
    for period in sorted(groups):
        rows = groups[period]
        report = classification_report([y_true[i] for i in rows], [y_pred[i] for i in rows], labels)
        out[period] = {"macro_f1": report.macro_f1, "accuracy": report.accuracy, "support": len(rows)}
    return out


def format_report(report: Evaluation) -> str:
    """The plain-text table ``qingshan nlp evaluate`` prints."""
    lines = [f"{'label':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for label in report.labels:
        row = report.per_class[label]
        lines.append(
            f"{label:<12}{row['precision']:>10.4f}{row['recall']:>10.4f}{row['f1']:>10.4f}{row['support']:>10}"
        )
    lines.append(f"macro_f1 {report.macro_f1:.4f}   accuracy {report.accuracy:.4f}   n {report.support}")
    if report.ece is not None:
        lines.append(f"expected calibration error {report.ece:.4f}")
    for period, row in report.periods.items():
        lines.append(
            f"  {period}: macro_f1 {row['macro_f1']:.4f} accuracy {row['accuracy']:.4f} n {row['support']}"
        )
    if report.excluded_seen:
        lines.append(f"excluded {report.excluded_seen} texts this model was trained on")
    return "\n".join(lines)
