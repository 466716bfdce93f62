"""Accuracy on the third-party extractor corpora (CWCED), and the benchmark script's own behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.extraction_accuracy import (
    char_f1,
    cwced_pages,
    date_matches,
    gold_authors,
    gold_date,
    main,
    our_result,
)
from config import load_settings


@pytest.fixture(scope="module")
def cwced() -> Path:
    path = load_settings().data_dir / "extractor" / "cwced"
    if not path.is_dir():
        pytest.skip(f"CWCED corpus not found at {path} (see ../shared/data/README.md)")
    return path


@pytest.mark.shared_data
def test_body_f1_meets_the_target_on_both_halves(cwced: Path) -> None:
    pages = cwced_pages(cwced)
    scores: dict[str, list[float]] = {"tune": [], "held": []}
    dates = []
    for page in pages:
        result = our_result(page)
        assert page.text is not None
        scores[page.corpus].append(char_f1(result.text, page.text))
        if page.date is not None:
            dates.append(date_matches(result.date, page.date))
    assert len(scores["tune"]) == 23
    assert len(scores["held"]) == 22
    for half, values in scores.items():
        assert sum(values) / len(values) >= 0.92, half
    assert sum(dates) / len(dates) >= 0.7


def test_char_f1() -> None:
    assert char_f1("死鱼 事件", "死鱼事件") == 1.0
    assert char_f1("", "死鱼") == 0.0
    assert char_f1("死鱼死鱼", "死鱼") == pytest.approx(2 * 0.5 * 1.0 / 1.5)


def test_gold_dates_and_their_precision() -> None:
    assert gold_date("2005-8-12 16:12:21") == (2005, 8, 12, 16, 12, 21)
    assert gold_date("2003-5") == (2003, 5)
    assert gold_date("UNKNOWN") is None
    assert gold_date("刘涛") is None
    assert gold_authors("UNKNOWN") == frozenset()
    assert gold_authors("王建宏 张文攀") == frozenset({"王建宏", "张文攀"})


def test_benchmark_exits_clearly_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path)]) == 2
    assert "extractor corpora" in capsys.readouterr().err
