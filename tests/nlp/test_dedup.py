"""Near-duplicate detection and repost chains."""

from __future__ import annotations

import random

import pytest

from nlp.dedup import DuplicateDetector, RepostChains, SimHashIndex
from nlp.simhash import hamming, text_simhash

ORIGINAL = "青石县清水河下游出现大量死鱼，村民怀疑上游造纸厂偷排废水，县生态环境局已取样检测。"
COPY = "青石县清水河下游出现大量死鱼，村民怀疑上游造纸厂偷排废水。县生态环境局已取样检测"
HAZE = "北京今天出现重度雾霾，市民出行请做好防护，学校停止户外活动。"


def flip(fingerprint: int, bits: list[int]) -> int:
    for bit in bits:
        fingerprint ^= 1 << bit
    return fingerprint


def test_banded_index_finds_everything_within_three_bits() -> None:
    rng = random.Random(4)
    base = rng.getrandbits(64)
    index = SimHashIndex()
    index.add("base", base)
    for distance in range(4):
        probe = flip(base, rng.sample(range(64), distance))
        assert index.near(probe) == [("base", distance)]
    assert index.near(flip(base, rng.sample(range(64), 8))) == []


def test_near_orders_by_distance_then_age() -> None:
    index = SimHashIndex()
    index.add("old", flip(0xFFFF, [20]))
    index.add("new", flip(0xFFFF, [30]))
    index.add("closest", 0xFFFF)
    assert index.near(0xFFFF) == [("closest", 0), ("old", 1), ("new", 1)]
    index.remove("closest")
    assert [item for item, _ in index.near(0xFFFF)] == ["old", "new"]
    assert len(index) == 2


def test_index_rejects_bad_fingerprints_and_band_settings() -> None:
    with pytest.raises(ValueError, match="unsigned"):
        SimHashIndex().add("x", -1)
    with pytest.raises(ValueError, match="unsigned"):
        SimHashIndex().add("x", 2**64)
    with pytest.raises(ValueError, match="bands"):
        SimHashIndex(bands=4, max_distance=4)


def test_copies_point_at_the_first_item() -> None:
    detector = DuplicateDetector()
    assert detector.add("a", text_simhash(ORIGINAL)).duplicate_of is None
    second = detector.add("b", text_simhash(COPY))
    assert second.duplicate_of == "a"
    assert second.distance == hamming(text_simhash(ORIGINAL), text_simhash(COPY))
    assert detector.add("c", text_simhash(COPY)).duplicate_of == "a"  # not "b"
    assert detector.add("d", text_simhash(HAZE)).duplicate_of is None
    assert detector.add("b", text_simhash(COPY)).duplicate_of == "a"  # adding again is idempotent


def test_empty_texts_are_never_duplicates() -> None:
    detector = DuplicateDetector()
    detector.add("a", 0)
    assert detector.add("b", 0).duplicate_of is None


def test_reloading_keeps_stored_decisions() -> None:
    detector = DuplicateDetector()
    detector.add("a", text_simhash(ORIGINAL))
    detector.add("b", text_simhash(COPY), duplicate_of="a")
    assert detector.check(text_simhash(COPY)).duplicate_of == "a"


def test_repost_chains_in_order_and_out_of_order() -> None:
    chains = RepostChains()
    assert chains.add("p1") == "p1"
    assert chains.add("r1", parent_id="p1") == "p1"
    assert chains.add("r2", parent_id="r1") == "p1"
    assert chains.chain("r2") == ["p1", "r1", "r2"]
    # a repost of a repost arrives before its parent, which arrives before the original
    assert chains.add("x3", parent_id="x2") == "x2"
    assert chains.add("x2", parent_id="x1") == "x1"
    assert chains.root("x3") == "x1"
    assert chains.add("x1") == "x1"
    assert chains.chain("x1") == ["x1", "x2", "x3"]
    assert chains.root("unknown") is None
    assert chains.chain("unknown") == []
