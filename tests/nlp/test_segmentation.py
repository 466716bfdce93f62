from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from config import load_settings
from nlp import segmentation
from nlp.segmentation import (
    SHIPPED_USER_DICTIONARY,
    Segmenter,
    default_stop_words,
    index_tokens,
    read_user_dictionary,
    token_agreement,
    words,
)

TEXT = "中央环保督察组发现一家化工厂夜间偷排含三氯乙腈的废水，附近河道出现黑臭水体。"


def test_index_tokens_are_search_mode_in_text_order() -> None:
    tokens = index_tokens("中央环保督察组进驻江苏省")
    assert tokens[:2] == ["中央", "环保"]
    assert tokens.index("督察") < tokens.index("督察组") < tokens.index("江苏") < tokens.index("江苏省")
    assert all(not t.isspace() for t in index_tokens("环保 局\t门口\n"))


def test_precise_words_cover_the_text_and_keep_dictionary_terms() -> None:
    result = words(TEXT)
    assert "".join(result) == TEXT
    assert "三氯乙腈" in result  # a pollutant jieba alone splits
    assert "黑臭水体" in result


def test_shipped_dictionary_is_small_and_well_formed() -> None:
    entries = read_user_dictionary(SHIPPED_USER_DICTIONARY)
    assert 500 < len(entries) < 20000
    assert SHIPPED_USER_DICTIONARY.stat().st_size < 400_000
    assert all(freq is not None and 2 <= len(word) <= 6 for word, freq, _ in entries)


def test_user_dictionary_file_and_extra_words(tmp_path: Path) -> None:
    extra = tmp_path / "user.txt"
    extra.write_text("# local place names\n青山湖畔 50000\n", encoding="utf-8")
    for backend in ("rjieba", "jieba"):
        segmenter = Segmenter(backend=backend, dictionaries=[extra], words=["绿水护卫队"])
        assert segmenter.words("青山湖畔的绿水护卫队") == ["青山湖畔", "的", "绿水护卫队"]


def test_from_settings_adds_topic_keywords() -> None:
    settings = load_settings()
    segmenter = Segmenter.from_settings(settings)
    assert "秸秆焚烧" in segmenter.words("村民反映秸秆焚烧严重")


def test_dictionary_loads_once_under_concurrent_first_use() -> None:
    segmenter = Segmenter()
    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda: results.append(segmenter.words(TEXT))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(r == results[0] for r in results)


def test_set_default_segmenter_changes_module_functions(tmp_path: Path) -> None:
    extra = tmp_path / "user.txt"
    extra.write_text("蓝天保卫战役 90000\n", encoding="utf-8")
    previous = segmentation.default_segmenter()
    try:
        segmentation.set_default_segmenter(Segmenter(dictionaries=[extra]))
        assert "蓝天保卫战役" in words("打赢蓝天保卫战役")
        assert "蓝天保卫战役" in segmentation.cached_words("打赢蓝天保卫战役")
    finally:
        segmentation.set_default_segmenter(previous)


def test_stop_words_include_function_words() -> None:
    stops = default_stop_words()
    assert {"的", "了"} <= stops
    assert "污染" not in stops


def test_token_agreement() -> None:
    assert token_agreement(["环保", "局"], ["环保", "局"]) == 1.0
    assert token_agreement(["环保局"], ["环保", "局"]) == 0.0
    assert token_agreement(["环保", "局", "门口"], ["环保局", "门口"]) == pytest.approx(0.4)


def test_rjieba_agrees_with_jieba_on_own_text() -> None:
    text = TEXT + "市生态环境局回应称，已责令企业停产整改，并对周边水质开展加密监测。"
    score = token_agreement(Segmenter(backend="jieba").words(text), Segmenter().words(text))
    assert score >= 0.98


@pytest.mark.shared_data
def test_rjieba_agrees_with_jieba_on_environmental_corpus(data_dir: Path) -> None:
    lines = (data_dir / "env" / "env_demo_candidates.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[::12]]
    fast, reference = Segmenter(), Segmenter(backend="jieba")
    scores = [token_agreement(reference.words(t), fast.words(t)) for t in texts]
    assert sum(scores) / len(scores) >= 0.99
