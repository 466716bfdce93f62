"""TF-IDF keywords on hand-written texts."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.errors import DataMissingError
from nlp.features.tokens import batch_tokens
from nlp.keywords import IdfTable, KeywordExtractor, default_idf, extract_keywords, is_candidate
from nlp.segmentation import cached_words

FISH = (
    "6月3日清晨，青石县清水河下游的村民发现河面漂浮大量死鱼。村民怀疑上游的造纸厂夜间偷排废水，"
    "河水发黑发臭。县生态环境局已派人取样检测，死鱼数量还在增加。"
)


def test_environmental_words_rank_high() -> None:
    keywords = extract_keywords(FISH, title="清水河死鱼 疑造纸厂偷排")
    assert keywords[0] == "死鱼"
    assert {"偷排", "造纸厂", "废水"} <= set(keywords)
    assert not {"已", "的", "6", "3"} & set(keywords)


def test_title_words_weigh_more() -> None:
    extractor = KeywordExtractor(top_k=50)
    plain = {k.word: k.weight for k in extractor.extract(FISH)}
    titled = {k.word: k.weight for k in extractor.extract(FISH, title="造纸厂")}
    assert titled["造纸厂"] > plain["造纸厂"]


def test_candidates() -> None:
    assert is_candidate("PM2.5")
    assert is_candidate("死鱼")
    assert not is_candidate("鱼")
    assert not is_candidate("2019年")
    assert not is_candidate("，。")


def test_shipped_table_and_unseen_words() -> None:
    idf = default_idf()
    assert idf.documents > 100_000
    assert len(idf.idf) > 20_000
    assert idf["死鱼"] > idf["中国"]
    assert idf["一个从未出现过的词"] == idf.unseen >= max(idf.idf.values()) - 0.01


def test_table_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "idf.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("# documents=9\n死鱼\t3.50\n")
    table = IdfTable.load(path)
    assert table["死鱼"] == 3.5
    assert table.documents == 9
    with pytest.raises(DataMissingError, match="rebuild"):
        IdfTable.load(tmp_path / "missing.tsv.gz")


PIECES = ["河水", "发臭", "死鱼", "环保", "污染", "的", "，", "12", "PM2.5", "偷排", "企业", "了", "督察组"]


@settings(max_examples=80, deadline=None)  # the first example loads the IDF table
@given(
    st.lists(st.tuples(st.lists(st.sampled_from(PIECES), max_size=15), st.integers(0, 6)), max_size=6),
    st.sampled_from([1.0, 2.0, 3.0]),
    st.integers(1, 4),
)
def test_a_batch_weighs_each_text_as_weight_pair(
    texts: list[tuple[list[str], int]], title_weight: float, top_k: int
) -> None:
    extractor = KeywordExtractor(title_weight=title_weight)
    joined = tuple("".join(pieces) for pieces, _ in texts)
    segmented = [cached_words(text) for text in joined]
    title_counts = [min(count, len(words)) for (_, count), words in zip(texts, segmented, strict=True)]
    batch = extractor.weigh_batch(batch_tokens(joined), title_counts, top_k)
    for index, (words, count) in enumerate(zip(segmented, title_counts, strict=True)):
        plain, titled = extractor.weight_pair(words[count:], words[:count])
        assert list(batch.body_weights(index).items()) == list(plain.items())  # same order, same floats
        heaviest = sorted(titled, key=titled.__getitem__, reverse=True)[:top_k]  # stable: text order on ties
        assert batch.keywords(index) == heaviest
