"""Worker-side analyzers for tests/nlp/test_parallel.py (importable by worker processes: module level)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from config import load_settings
from nlp.analysis import Analysis, AnalysisInput, Analyzer
from nlp.models import ModelRegistry
from nlp.segmentation import Segmenter, set_default_segmenter

CRASH = "（这一行让分析进程退出）"


def shipped_analyzer(models_dir: str) -> Analyzer:
    """The analysis with the shipped default models (nothing promoted in ``models_dir``) and the
    configured segmenter (as tests/conftest.py installs it in the test process)."""
    settings = load_settings()
    set_default_segmenter(Segmenter.from_settings(settings))
    registry = ModelRegistry(Path(models_dir))
    sentiment, _ = registry.load("sentiment")
    relevance, _ = registry.load("relevance")
    return Analyzer.from_settings(settings, sentiment=sentiment, relevance=relevance)


class CrashingAnalyzer:
    """Analyses like ``Analyzer()`` but the process exits at once on the text :data:`CRASH`."""

    def __init__(self) -> None:
        self.analyzer = Analyzer()

    def analyze_many(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        if any(item.text == CRASH for item in inputs):
            os._exit(3)  # what a segfault or the OOM killer looks like from outside
        return self.analyzer.analyze_many(inputs)


def crashing_analyzer() -> CrashingAnalyzer:
    return CrashingAnalyzer()


def broken_factory() -> Analyzer:
    raise RuntimeError("the models cannot load")
