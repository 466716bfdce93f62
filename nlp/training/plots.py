"""PNG plots of an evaluation: confusion matrix and reliability (calibration) diagram.

matplotlib runs headless (Agg); Chinese labels use WenQuanYi Micro Hei (Debian fonts-wqy-microhei)
or another installed CJK font found through ``font_manager``.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager

from nlp.training.evaluation import Evaluation

logger = logging.getLogger(__name__)
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC")


@functools.cache
def cjk_font() -> str | None:
    """The first installed CJK font family, or None (labels then fall back to the default font)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FONTS:
        if family in installed:
            return family
    logger.warning("no CJK font found (install fonts-wqy-microhei); Chinese labels may not render")
    return None


def _style() -> Any:
    family = cjk_font()
    return {"font.family": [family, "sans-serif"]} if family else {}


def plot_confusion(report: Evaluation, path: Path, *, display: dict[str, str] | None = None) -> Path:
    """Confusion matrix (rows: true label, columns: predicted), counts in the cells."""
    names = [(display or {}).get(label, label) for label in report.labels]
    with plt.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(4.8, 4.2))
        axes.imshow(report.confusion, cmap="Blues")
        axes.set_xticks(range(len(names)), names)
        axes.set_yticks(range(len(names)), names)
        axes.set_xlabel("预测 (predicted)")
        axes.set_ylabel("真实 (true)")
        for i, row in enumerate(report.confusion):
            for j, count in enumerate(row):
                axes.text(j, i, str(count), ha="center", va="center")
        axes.set_title(f"macro-F1 {report.macro_f1:.3f}")
        figure.tight_layout()
        figure.savefig(path, dpi=120)
        plt.close(figure)
    return path


def plot_calibration(report: Evaluation, path: Path) -> Path:
    """Reliability diagram of the top label's probability (accuracy per confidence bin)."""
    with plt.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(4.8, 4.2))
        axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="完美校准 (perfect)")
        confidence = [b["confidence"] for b in report.reliability]
        accuracy = [b["accuracy"] for b in report.reliability]
        axes.plot(confidence, accuracy, marker="o", label="模型 (model)")
        axes.set_xlabel("预测概率 (confidence)")
        axes.set_ylabel("准确率 (accuracy)")
        axes.set_title(f"ECE {report.ece if report.ece is not None else float('nan'):.3f}")
        axes.legend(loc="upper left")
        figure.tight_layout()
        figure.savefig(path, dpi=120)
        plt.close(figure)
    return path
