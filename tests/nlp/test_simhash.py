"""SimHash fingerprints of hand-written texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.simhash import content_tokens, feature_hash, hamming, shingle_hashes, simhash, text_simhash

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
    assert feature_hash("死鱼") == 0xB5F1ABBB4FB7619F
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
