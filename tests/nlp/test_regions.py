"""Region extraction on hand-written sentences (written for these tests), and on the labelled titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.nlp_regions import GOLD, evaluate
from nlp.regions import (
    Gazetteer,
    GazetteerError,
    Level,
    RegionError,
    RegionExtractor,
    extract_regions,
)
from nlp.segmentation import words

HELD_OUT = GOLD.with_name("nlp_regions_heldout.csv")


def codes(text: str, home_region: str | None = None) -> list[str]:
    return extract_regions(text, home_region=home_region).codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海今天空气质量优良。", ["310000"]),
        ("内蒙古多地出现沙尘天气。", ["150000"]),
        ("嘉定一家电镀厂被查出偷排含铬废水。", ["310114"]),
        ("郫县豆瓣厂污水处理设施投入运行。", ["510117"]),  # former name of 郫都区
        ("太湖蓝藻今年首次大面积暴发。", ["320000"]),  # the lake, not 太湖县 in 安徽
    ],
)
def test_short_names_old_names_and_landmarks(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_evidence_names_span_and_level() -> None:
    text = "记者从嘉定区获悉，嘉定的河道整治已完成。"
    result = extract_regions(text)
    assert result.codes == ["310114"]
    spans = [(item.surface, item.start, item.end, item.level) for item in result.evidence]
    assert spans == [("嘉定区", 3, 6, Level.COUNTY), ("嘉定", 9, 11, Level.COUNTY)]
    assert all(text[item.start : item.end] == item.surface for item in result.evidence)
    assert result.evidence[0].name == "嘉定区"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京市朝阳区一处工地扬尘严重，居民投诉。", ["110105"]),
        ("辽宁朝阳出现重污染天气，启动橙色预警。", ["211300"]),
        ("朝阳市环保局通报了本周空气质量。", ["211300"]),
        ("长春市朝阳区开展河道清淤。", ["220104"]),
        ("朝阳区垃圾分类检查结果公布。", ["110105"]),  # a municipality's district over a capital's
    ],
)
def test_chaoyang_is_read_from_context(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南京鼓楼区一小区垃圾站异味扰民。", ["320106"]),
        ("福州鼓楼一处内河发现死鱼。", ["350102"]),
        ("徐州市鼓楼区开展扬尘治理。", ["320302"]),
        ("河南开封：鼓楼区老旧管网改造。", ["410204"]),
    ],
)
def test_the_many_gulou_districts(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_ambiguous_name_without_context_is_left_open_and_home_region_decides() -> None:
    text = "鼓楼区一家餐馆油烟直排被罚。"
    result = extract_regions(text)
    assert result.codes == []
    assert result.unresolved == ["鼓楼区"]
    assert codes(text, home_region="350100") == ["350102"]  # 福州 bureau's site
    # a 江苏 source: 南京's and 徐州's 鼓楼区 tie, and the province is what both agree on
    assert codes(text, home_region="320000") == ["320000"]


def test_county_next_to_another_province_wins_over_home_region() -> None:
    assert codes("福州鼓楼区开展夜间噪声执法。", home_region="320100") == ["350102"]


@pytest.mark.parametrize(
    "text",
    [
        "愿世界和平，人人平安。",
        "东方的天空泛起鱼肚白。",
        "孙中山先生纪念馆今日闭馆。",
        "市委和县委联合下发通知。",
        "平安夜的街头人来人往。",
        "我在城区上班，周末去郊区。",
        "//@江宁婆婆:转发微博",
        "分局会同县公安局开展联合调查。",  # 会同 = jointly, not 会同县 in Hunan
        "沿河两岸的村民反映水有异味。",  # along the river, not 沿河县 in Guizhou
    ],
)
def test_ordinary_words_are_not_places(text: str) -> None:
    assert codes(text) == []


def test_ordinary_word_counts_with_its_province_nearby() -> None:
    assert codes("海南东方市近日出现赤潮。") == ["469007"]
    assert codes("海南东方近岸海域出现赤潮。") == ["469007"]
    assert codes("天津和平区推进垃圾分类。") == ["120101"]
    assert codes("湖南怀化会同县发生山体滑坡。") == ["431225"]


def test_most_specific_answers_and_order_by_mentions() -> None:
    assert codes("江苏省南京市鼓楼区") == ["320106"]
    text = "昆明滇池水质改善。昆明市生态环境局表示，北京专家参与了评估，昆明将继续治理。"
    assert codes(text) == ["530100", "110000"]
    result = extract_regions(text)
    assert result.provinces == ["530000", "110000"]


def test_city_beats_same_named_county() -> None:
    assert codes("西安今冬雾霾天数减少。") == ["610100"]
    assert codes("南昌启动黑臭水体整治。") == ["360100"]  # city 南昌市, not 南昌县


def test_segmentation_can_be_passed_in() -> None:
    text = "广东省清远市一家企业偷排废水被查处。"
    assert extract_regions(text, words=words(text)).codes == extract_regions(text).codes == ["441800"]


def test_max_regions_caps_the_list() -> None:
    extractor = RegionExtractor(max_regions=1)
    assert extractor.extract("北京、上海、广州三地同步开展检查，北京率先完成。").codes == ["110000"]


def test_unknown_home_region_is_an_error() -> None:
    with pytest.raises(RegionError, match="home region"):
        extract_regions("北京", home_region="999999")


def test_shipped_gazetteer_is_consistent() -> None:
    gazetteer = Gazetteer.load()
    levels = [region.level for region in gazetteer.regions.values()]
    assert levels.count(Level.PROVINCE) == 34
    assert levels.count(Level.CITY) > 330
    assert levels.count(Level.COUNTY) > 2900
    assert gazetteer.ancestors("310114") == ("310000",)  # municipality districts hang under the province
    assert gazetteer.ancestors("320106") == ("320100", "320000")


def test_malformed_gazetteer_is_reported(tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_text("code,name\n110000,北京市\n", encoding="utf-8")
    (tmp_path / "context_required.txt").write_text("", encoding="utf-8")
    (tmp_path / "landmarks.csv").write_text("surface,code\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="columns"):
        Gazetteer.load(tmp_path)


def test_gazetteer_with_a_missing_parent_is_reported(tmp_path: Path) -> None:
    header = "code,level,name,short,aliases,parent\n"
    (tmp_path / "regions.csv").write_text(header + "320106,county,鼓楼区,鼓楼,,320100\n", encoding="utf-8")
    (tmp_path / "context_required.txt").write_text("# none\n", encoding="utf-8")
    (tmp_path / "landmarks.csv").write_text("surface,code\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="bad parent"):
        Gazetteer.load(tmp_path)


@pytest.mark.shared_data
def test_province_accuracy_on_held_out_titles(data_dir: Path) -> None:
    scores = evaluate(data_dir, HELD_OUT)
    assert scores.located >= 240
    assert scores.summary()["province_accuracy"] >= 0.95
