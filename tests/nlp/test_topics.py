"""Sub-topics from the taxonomy's dictionaries: word hits, title weight, relevance gate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nlp.features.tokens
from config import load_settings
from nlp.features.tokens import batch_tokens
from nlp.segmentation import cached_words, words
from nlp.topics import TopicMatch, TopicMatcher, TopicRules

KEYWORDS = {
    "air": ["雾霾", "PM2.5", "秸秆焚烧"],
    "water": ["黑臭水体", "死鱼", "偷排"],
    "nuclear": ["辐射", "核电"],
    "enforcement": ["环保督察", "督察"],
}


def matcher(**rules: int) -> TopicMatcher:
    return TopicMatcher(KEYWORDS, rules=TopicRules(**rules))


def test_multi_label_heaviest_first_with_the_keywords_found() -> None:
    text = "城郊河道出现死鱼，村民怀疑有企业夜间偷排，同时周边秸秆焚烧导致空气里满是烟味。"
    match = matcher().match(words(text))
    assert match.topics == ["water", "air"]
    assert match.hits == {"water": ["死鱼", "偷排"], "air": ["秸秆焚烧"]}
    assert match.scores == {"water": 2, "air": 1}


def test_title_hits_count_title_weight_times() -> None:
    text = "今年以来全市持续推进整治工作，群众反映的问题已全部办结。"
    title = "黑臭水体整治 回头看"
    match = matcher(title_weight=3).match(words(text), words(title))
    assert match.topics == ["water"]
    assert match.scores == {"water": 3}


def test_keyword_inside_a_longer_word_counts_once_per_word() -> None:
    match = matcher().match(["中央环保督察组", "进驻"])
    assert match.topics == ["enforcement"]
    assert match.hits == {"enforcement": ["环保督察"]}  # the longest keyword inside names the hit
    assert match.scores == {"enforcement": 1}


def test_keywords_do_not_match_across_words() -> None:
    # 死 + 鱼 in different words (死 is part of 打死) is no 死鱼 hit
    assert matcher().match(["打死", "鱼"]).topics == []


def test_off_topic_items_need_more_hits() -> None:
    text = "这座新城将发挥辐射带动作用，带动周边县区共同发展。"
    tokens = words(text)
    assert matcher().match(tokens, relevant=None).topics == ["nuclear"]
    assert matcher().match(tokens, relevant=True).topics == ["nuclear"]
    assert matcher().match(tokens, relevant=False).topics == []
    twice = words("核电站辐射监测数据公开，附近居民关心辐射水平。")
    assert matcher().match(twice, relevant=False).topics == ["nuclear"]


def test_case_of_latin_keywords_is_ignored() -> None:
    match = matcher().match(["pm2.5", "浓度"])
    assert match.topics == ["air"]
    assert match.hits == {"air": ["PM2.5"]}


def test_from_settings_reads_the_taxonomy_and_rules() -> None:
    settings = load_settings()
    topic_matcher = TopicMatcher.from_settings(settings)
    assert set(topic_matcher.keywords) == {topic.id for topic in settings.topics.topics}
    assert topic_matcher.rules.min_hits_off_topic == settings.nlp.topics.min_hits_off_topic
    match = topic_matcher.match(words("市民反映小区旁的河道变成黑臭水体，夏天异味严重。"))
    assert match.topics == ["air", "water"]  # one hit each (异味 is an air keyword): taxonomy order


def _plain_match(
    keywords: dict[str, list[str]],
    rules: TopicRules,
    body: list[str],
    title: list[str],
    relevant: bool | None,
) -> TopicMatch:
    """The definition: per word and topic, the longest (then earliest, then first listed) keyword inside."""
    scores: dict[str, int] = {}
    hits: dict[str, list[str]] = {}
    for weight, text in ((1, body), (rules.title_weight, title)):
        for word in text:
            for topic, listed in keywords.items():
                inside = [(-len(k), word.lower().find(k.lower()), i, k) for i, k in enumerate(listed)]
                found = sorted(key for key in inside if key[1] >= 0)
                if found:
                    scores[topic] = scores.get(topic, 0) + weight
                    if found[0][3] not in hits.setdefault(topic, []):
                        hits[topic].append(found[0][3])
    needed = rules.min_hits_off_topic if relevant is False else rules.min_hits
    order = list(keywords)
    chosen = sorted((t for t in scores if scores[t] >= needed), key=lambda t: (-scores[t], order.index(t)))
    return TopicMatch(chosen, {t: hits[t] for t in chosen}, {t: scores[t] for t in chosen})


PIECES = [
    "雾霾",
    "PM2.5",
    "pm",
    "2.5",
    "秸秆",
    "焚烧",
    "死鱼",
    "偷排",
    "水体",
    "黑臭",
    "辐射",
    "核电",
    "环保",
    "督察",
]
WORDS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join)


@settings(max_examples=150)
@given(
    st.lists(WORDS, max_size=25),
    st.lists(WORDS, max_size=4),
    st.sampled_from([None, True, False]),
    st.integers(1, 3),
)
def test_matches_are_the_plain_definition(
    body: list[str], title: list[str], relevant: bool | None, title_weight: int
) -> None:
    rules = TopicRules(title_weight=title_weight)
    expected = _plain_match(KEYWORDS, rules, body, title, relevant)
    topic_matcher = TopicMatcher(KEYWORDS, rules=rules)
    assert topic_matcher.match(body, title, relevant=relevant) == expected  # cold memo
    assert topic_matcher.match(tuple(body), tuple(title), relevant=relevant) == expected  # warm
    assert topic_matcher.match(iter(body), iter(title), relevant=relevant) == expected  # any iterable


def test_matches_survive_a_full_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    body = words("河道出现死鱼，企业夜间偷排，核电站辐射监测，秸秆焚烧，中央环保督察组进驻。")
    title = ["黑臭水体", "PM2.5"]
    expected = _plain_match(KEYWORDS, TopicRules(), body, title, None)
    assert expected.topics
    topic_matcher = matcher()
    for size in (1, 3, 12):  # the memo cannot hold one text, is cleared on the way, holds a few
        monkeypatch.setattr(nlp.features.tokens, "TABLE_SIZE", size)
        for _ in range(2):
            assert topic_matcher.match(body, title) == expected
            assert topic_matcher.match(title) == _plain_match(KEYWORDS, TopicRules(), title, [], None)


def test_each_match_is_a_new_object() -> None:
    topic_matcher = matcher()
    first, second = topic_matcher.match(["今天"]), topic_matcher.match(["天气"])
    assert first == second == TopicMatch([], {}, {})
    first.topics.append("water")
    assert second.topics == []


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.lists(WORDS, max_size=12), st.integers(0, 12)), max_size=6),
    st.lists(st.sampled_from([None, True, False]), min_size=6, max_size=6),
)
def test_a_batch_matches_each_text_alone(
    texts: list[tuple[list[str], int]], verdicts: list[bool | None]
) -> None:
    joined = tuple("，".join(pieces) for pieces, _ in texts)
    batch = batch_tokens(joined)
    segmented = [cached_words(text) for text in joined]
    title_counts = [min(count, len(words_)) for (_, count), words_ in zip(texts, segmented, strict=True)]
    relevant = verdicts[: len(texts)]
    expected = [
        matcher().match(words_[count:], words_[:count], relevant=verdict)
        for words_, count, verdict in zip(segmented, title_counts, relevant, strict=True)
    ]
    assert matcher().match_batch(batch, title_counts, relevant) == expected
