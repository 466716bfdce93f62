"""SimHash fingerprints of hand-written texts; the batch fast path against a plain per-bit vote."""

from __future__ import annotations

import re
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nlp.features.tokens
import nlp.simhash
from nlp.features.tokens import stable_hash
from nlp.segmentation import words
from nlp.simhash import (
    content_tokens,
    hamming,
    shingle_hashes,
    simhash,
    simhash_many,
    text_simhash,
    token_hash,
)

REPORT = (
    "6月3日清晨，青石县清水河下游的村民发现河面漂浮大量死鱼，绵延两公里。"
    "村民怀疑上游的造纸厂夜间偷排废水。县生态环境局已派人取样检测，结果将在三天内公布。"
)
REPOST = (
    "6月3日清晨，青石县清水河下游的村民发现河面漂浮大量死鱼，绵延两公里！"
    "村民怀疑上游的造纸厂夜间偷排废水。县生态环境局已派人取样检测，结果将在三天内公布"
)
LONG_REPORT = REPORT + (
    "记者赶到现场时，河岸两侧堆放着村民打捞上来的死鱼，空气中弥漫着刺鼻的气味。"
    "一位在河边种了三十年菜的老人说，往年夏天河水清澈，孩子们常在浅滩摸鱼，今年却不敢让孩子靠近。"
    "造纸厂负责人在电话中否认偷排，称工厂的污水处理设施运行正常，排放数据全部达标。"
    "环保志愿者沿河采集了水样，并拍下了排污口附近泛着白沫的水面。"
    "县政府表示，将根据检测结果依法处理，并在官方微博上公开调查进展，接受公众监督。"
)
EDITED = LONG_REPORT.replace("三十年", "四十年")
HAZE = "北京今天出现重度雾霾，PM2.5浓度超过每立方米300微克，市民出行请做好防护，学校停止户外活动。"


def test_fingerprint_is_unsigned_64_bit_and_stable() -> None:
    fingerprint = text_simhash(REPORT)
    assert 0 <= fingerprint < 2**64
    assert fingerprint == text_simhash(REPORT)
    # pinned: stored fingerprints must stay comparable across processes, machines and releases
    assert stable_hash("死鱼") == 0xB5F1ABBB4FB7619F
    assert simhash(["青石县", "清水河", "出现", "死鱼"]) == 0x82D853B5E94675BF


def test_punctuation_changes_nothing_and_a_small_edit_little() -> None:
    assert hamming(text_simhash(REPORT), text_simhash(REPOST)) == 0
    assert hamming(text_simhash(LONG_REPORT), text_simhash(EDITED)) <= 6


def test_different_stories_are_far_apart() -> None:
    assert hamming(text_simhash(REPORT), text_simhash(HAZE)) >= 16


def test_empty_text_has_fingerprint_zero() -> None:
    assert text_simhash("") == 0
    assert text_simhash("，。！") == 0


def test_shingles_and_content_tokens() -> None:
    assert content_tokens(["死鱼", "，", "PM2.5", " "]) == ["死鱼", "pm2.5"]
    pairs = shingle_hashes(["a", "b", "c", "a", "b"], 2)
    assert len(pairs) == 4
    assert pairs[0] == pairs[3] != pairs[1]  # "a b" twice, "b a" is another feature
    assert len(shingle_hashes(["a"], 2)) == 1


def test_word_weights_change_the_vote() -> None:
    tokens = ["死鱼", "河水", "发黑", "造纸厂", "偷排"]
    plain = simhash(tokens, shingle=1)
    weighted = simhash(tokens, shingle=1, word_weights={"死鱼": 50.0})
    assert hamming(weighted, simhash(["死鱼"], shingle=1)) < hamming(plain, simhash(["死鱼"], shingle=1))


@given(st.lists(st.text(alphabet="水污染死鱼雾霾河湖山", min_size=1, max_size=3), max_size=30))
def test_any_tokens_give_a_64_bit_fingerprint(tokens: list[str]) -> None:
    fingerprint = simhash(tokens)
    assert 0 <= fingerprint < 2**64
    assert hamming(fingerprint, fingerprint) == 0


MASK = 2**64 - 1
TOKENS = ["河水", "发臭", "死鱼", "，", "PM2.5", "pm2.5", "Ab", "ab", " ", "。", "造纸厂", "12", "的", "偷排"]


def _plain(tokens: list[str], shingle: int = 2) -> int:
    """The definition, in Python integers: fold each run of words with SplitMix64, vote per bit."""

    def mix(value: int) -> int:
        value ^= value >> 30
        value = value * 0xBF58476D1CE4E5B9 & MASK
        value ^= value >> 27
        value = value * 0x94D049BB133111EB & MASK
        return value ^ value >> 31

    hashes = [stable_hash(t.lower()) for t in tokens if re.search(r"[\w\u4e00-\u9fff]", t)]
    if not hashes:
        return 0
    runs = []
    for start in range(max(len(hashes) - shingle + 1, 1)):
        run = hashes[start]
        for following in hashes[start + 1 : start + shingle]:
            run = mix((run * 0x9E3779B97F4A7C15 + following) & MASK)
        runs.append(mix(run))
    votes = [sum(1 if run >> bit & 1 else -1 for run in runs) for bit in range(64)]
    return sum(1 << bit for bit, vote in enumerate(votes) if vote > 0)


@settings(max_examples=80)
@given(
    st.lists(st.lists(st.sampled_from(TOKENS), max_size=20), max_size=8),
    st.integers(1, 3),
)
def test_a_batch_is_the_plain_vote_of_each_text(texts: list[list[str]], shingle: int) -> None:
    assert simhash_many(texts, shingle=shingle) == [_plain(t, shingle) for t in texts]


def test_real_texts_in_a_batch_and_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [REPORT, REPOST, LONG_REPORT, EDITED, HAZE, "", "，。！", "死鱼", LONG_REPORT * 40]
    texts = [words(text) for text in sentences]
    expected = [_plain(t) for t in texts]
    assert simhash_many(texts) == expected  # cold or warm memo
    assert simhash_many(texts) == expected  # warm
    assert [simhash(t) for t in texts] == expected
    monkeypatch.setattr(nlp.simhash, "_LANE_LIMIT", 1)  # every text counted the plain way
    assert simhash_many(texts) == expected


def test_the_memo_replaced_when_full_or_bypassed_gives_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [words(REPORT), words(HAZE), ["PM2.5", "浓度"], ["pm2.5", "浓度"], []]
    expected = [_plain(t) for t in texts]
    for size in (2, 30, 60):  # smaller than one text, than the batch, than two batches
        monkeypatch.setattr(nlp.features.tokens, "TABLE_SIZE", size)
        for batch in (texts, texts[::-1], texts[2:]):
            assert simhash_many(batch) == [_plain(t) for t in batch]
        assert simhash_many(texts) == expected
    assert expected[2] == expected[3]  # case does not matter
    assert token_hash("PM2.5") == token_hash("pm2.5") == stable_hash("pm2.5")
    assert token_hash("，") is None


def test_bit_counts_in_lanes_are_the_unpacked_counts() -> None:
    rng = np.random.default_rng(7)
    hashes = rng.integers(0, 2**64, size=3000, dtype=np.uint64)
    starts = np.array([0, 1, 2, 300, 301, 2999])
    unpacked = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    expected = np.add.reduceat(unpacked, starts, axis=0, dtype=np.int64)
    assert (nlp.simhash._bit_counts(hashes, starts, 2697) == expected).all()
    assert (nlp.simhash._bit_counts(hashes, starts, 2**16) == expected).all()


def test_threads_filling_and_replacing_the_memo_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [words(text) for text in (REPORT, LONG_REPORT, HAZE, EDITED)]
    batches = [[[f"{word}{n}" for word in text] for text in texts] for n in range(24)]
    expected = [[_plain(t) for t in batch] for batch in batches]
    monkeypatch.setattr(nlp.features.tokens, "TABLE_SIZE", 500)  # replaced every few batches
    results: dict[int, list[int]] = {}

    def work(first: int) -> None:
        for n in range(first, len(batches), 3):
            results[n] = simhash_many(batches[n])

    threads = [threading.Thread(target=work, args=(first,)) for first in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[n] for n in range(len(batches))] == expected
