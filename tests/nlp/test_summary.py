"""Extractive summaries quote whole sentences in order."""

from __future__ import annotations

from nlp.summary import Summarizer, split_sentences, summarize

ARTICLE = (
    "6月3日清晨，青石县清水河下游的村民发现河面漂浮大量死鱼，绵延约两公里。"
    "今年入夏以来天气一直比较炎热。"
    "村民怀疑上游的造纸厂夜间偷排废水，河水发黑发臭。"
    "“我们家三代在这条河边生活，从没见过这么多死鱼！”一位村民说。"
    "县生态环境局已派人取样检测，并对造纸厂下达了停产整改通知。"
    "据了解，该县今年还将举办第五届桃花节。"
)


def test_sentences_keep_their_punctuation_and_offsets() -> None:
    sentences = split_sentences("第一句。第二句！\n第三句？“引语。”后面")
    assert [s.text for s in sentences] == ["第一句。", "第二句！", "第三句？", "“引语。”", "后面"]
    assert all("第一句。第二句！\n第三句？“引语。”后面"[s.start :].startswith(s.text) for s in sentences)


def test_summary_quotes_whole_sentences_in_original_order() -> None:
    summary = summarize(ARTICLE, title="清水河现大量死鱼 疑造纸厂偷排")
    picked = [s.text for s in split_sentences(summary)]
    assert 1 <= len(picked) <= 3
    assert all(sentence in ARTICLE for sentence in picked)
    assert picked == sorted(picked, key=ARTICLE.index)
    assert picked[0].startswith("6月3日清晨")
    assert "桃花节" not in summary


def test_limits() -> None:
    one = Summarizer(max_sentences=1).summarize(ARTICLE)
    assert len(split_sentences(one)) == 1
    assert "死鱼" in one or "偷排" in one
    short = Summarizer(max_chars=60).summarize(ARTICLE)
    assert len(short) <= 60 or len(split_sentences(short)) == 1


def test_short_and_empty_texts() -> None:
    assert summarize("") == ""
    assert summarize("死鱼了") == "死鱼了"
