"""Batch analysis in worker processes: the in-process results, in order; a dead worker is a clear error."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from config.cpus import auto_workers
from nlp.analysis import AnalysisInput, Analyzer
from nlp.parallel import ParallelAnalysisError, ParallelAnalyzer
from tests.nlp.parallel_workers import CRASH, broken_factory, crashing_analyzer, shipped_analyzer

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nlp_parallel")]

TEXTS = [
    "11月19日晚，南京市鼓楼区秦淮河段水面漂浮大量死鱼，附近居民怀疑上游化工企业夜间偷排废水。",
    "周末带孩子去新建的湿地公园看候鸟，空气清新，环境越来越好了，点赞！",
    "北京今日启动重污染天气橙色预警，PM2.5浓度持续升高，请市民减少户外活动。",
    "这家新开的火锅店味道不错，服务也很热情，下次还会再来。",
    "朝阳区环保局通报：某工地扬尘污染严重，已责令停工整改。",
    "",
]


def _inputs(count: int) -> list[AnalysisInput]:
    """``count`` inputs, each text distinct (a number in it), some with a title and a home region."""
    inputs = []
    for number in range(count):
        text = f"{TEXTS[number % len(TEXTS)]}（第{number}条）"
        if number % 5 == 0:
            inputs.append(AnalysisInput(text, title=f"通报{number}", home_region="320106"))
        else:
            inputs.append(AnalysisInput(text))
    return inputs


def test_two_workers_give_the_in_process_results_in_order(tmp_path: Path) -> None:
    factory = functools.partial(shipped_analyzer, str(tmp_path))
    inputs = _inputs(230)
    expected = factory().analyze_many(inputs)
    with ParallelAnalyzer(factory, workers=2, min_batch=10, piece_size=16) as parallel:
        assert parallel.analyze_many(inputs) == expected
        # a second batch reuses the workers; the pieces come back in order whatever finishes first
        assert parallel.analyze_many(inputs[::-1]) == expected[::-1]
        # a small batch stays in this process
        assert parallel.analyze_many(inputs[:3]) == expected[:3]
    assert [a.simhash for a in expected[:2]] != [0, 0]  # real analyses, not empty ones


def test_one_worker_analyses_in_process() -> None:
    parallel = ParallelAnalyzer(broken_factory, workers=1, local=Analyzer())
    assert not parallel.parallel
    assert len(parallel.analyze_many(_inputs(100))) == 100  # the broken factory never ran
    assert ParallelAnalyzer(broken_factory).workers == auto_workers()  # by default, one per core
    with pytest.raises(ValueError, match="at least 1"):
        ParallelAnalyzer(broken_factory, workers=0)


def test_a_worker_that_dies_is_a_clear_error_not_a_hang() -> None:
    inputs = _inputs(40)
    inputs[25] = AnalysisInput(CRASH)
    with ParallelAnalyzer(crashing_analyzer, workers=2, min_batch=10, piece_size=10) as parallel:
        with pytest.raises(ParallelAnalysisError, match="worker process died") as info:
            parallel.analyze_many(inputs)
        assert "40 text(s) were not analysed" in str(info.value)
        # the next batch gets a new pool
        assert len(parallel.analyze_many(_inputs(30))) == 30


def test_a_factory_that_fails_in_the_worker_is_a_clear_error() -> None:
    parallel = ParallelAnalyzer(broken_factory, workers=2, min_batch=10)
    with parallel, pytest.raises(ParallelAnalysisError, match="could not start"):
        parallel.analyze_many(_inputs(20))
