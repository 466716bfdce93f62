"""The relevance measure as the issue defines it: environment against news titles."""

from __future__ import annotations

from nlp.training.corpora import LabeledText
from nlp.training.datasets import climate_negative_rows, relevance_issue_rows


def test_only_the_climate_comment_negatives_are_left_out() -> None:
    rows = [
        LabeledText("全球变暖让冰川退缩", "environment", "isclimate/valid"),
        LabeledText("楼上说得对", "other", "isclimate/valid"),
        LabeledText("某县河道出现死鱼", "environment", "candidates/weibo"),
        LabeledText("球队晋级决赛", "other", "news_titles/thucnews"),
    ]
    kept = relevance_issue_rows(rows)
    assert [row.text for row in kept] == ["全球变暖让冰川退缩", "某县河道出现死鱼", "球队晋级决赛"]
    assert [row.text for row in climate_negative_rows(rows)] == ["楼上说得对"]  # the diagnostic's rows
