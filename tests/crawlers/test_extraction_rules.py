"""Per-site selector overrides: validated when loaded, applied before the generic extractor."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from config.models.sources import ExtractionRuleSettings
from crawlers.extraction import SHANGHAI, ExtractionRules, SelectorError, extract_article
from crawlers.extraction.selectors import compile_selector

PAGES = Path(__file__).parent / "fixtures" / "pages"
FETCHED = datetime(2026, 11, 21, 8, 0, tzinfo=SHANGHAI)
BOARD_PAGE = """<html><head><title>留言详情</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="msg">
  <span class="subject">小区旁搅拌站粉尘大</span>
  <span class="who">网友：绿水青山123</span>
  <span class="when">留言时间：2026年11月19日 20时15分</span>
  <div class="content">小区东侧的搅拌站每天夜里作业，粉尘很大，窗台一天就积一层灰，希望有关部门管一管。</div>
  <div class="reply">回复单位：区生态环境局</div>
</div>
<div class="share">分享到 微信 微博</div>
</body></html>"""


def test_selectors_override_the_generic_fields() -> None:
    rules = ExtractionRules(
        title="css:.subject::text",
        body="css:div.content",
        published_at="xpath://span[@class='when']/text()",
        author="css:.who",
        origin="css:.reply",
    )
    article = extract_article(BOARD_PAGE, rules=rules, reference=FETCHED)
    assert article.title == "小区旁搅拌站粉尘大"
    assert article.text.startswith("小区东侧的搅拌站每天夜里作业")
    assert article.published_at == datetime(2026, 11, 19, 20, 15, tzinfo=SHANGHAI)
    assert article.author == "绿水青山123"
    assert article.origin == "区生态环境局"
    assert article.body_source == "rules"


def test_date_formats_are_tried_before_the_generic_parser() -> None:
    page = BOARD_PAGE.replace("留言时间：2026年11月19日 20时15分", "19/11/2026 8:15 PM")
    rules = ExtractionRules(published_at="css:.when::text", date_formats=["%Y", "%d/%m/%Y %I:%M %p"])
    article = extract_article(page, rules=rules, reference=FETCHED)
    assert article.published_at == datetime(2026, 11, 19, 20, 15, tzinfo=SHANGHAI)


def test_remove_drops_elements_before_extraction() -> None:
    plain = extract_article((PAGES / "utf8_news.html").read_bytes(), reference=FETCHED)
    assert "截至20日上午" in plain.text
    rules = ExtractionRules(remove=["xpath://p[contains(., '截至20日上午')]"])
    article = extract_article((PAGES / "utf8_news.html").read_bytes(), rules=rules, reference=FETCHED)
    assert "截至20日上午" not in article.text
    assert "11月19日傍晚" in article.text


def test_selector_that_matches_nothing_falls_back_to_the_generic_extractor() -> None:
    rules = ExtractionRules(title="css:h2.headline", body="css:#no-such-body")
    article = extract_article((PAGES / "utf8_news.html").read_bytes(), rules=rules, reference=FETCHED)
    assert article.title == "青溪河下游出现大量死鱼 区生态环境局已启动调查"
    assert article.body_source == "density"


def test_canonical_url_selector_is_made_absolute() -> None:
    rules = ExtractionRules(canonical_url="xpath://link[@rel='canonical']/@href")
    article = extract_article(
        (PAGES / "utf8_news.html").read_bytes(), url="https://a.example.cn/x", rules=rules, reference=FETCHED
    )
    assert article.canonical_url == "https://a.example.cn/news/2026/11/20/qingxi-fish.html"


def test_forced_encoding_for_a_site_that_lies() -> None:
    body = (PAGES / "gbk_meta.html").read_bytes()
    article = extract_article(body, rules=ExtractionRules(encoding="GBK"), reference=FETCHED)
    assert article.encoding == "gb18030"
    assert article.title == "市生态环境局部署秋冬季秸秆禁烧工作"


@pytest.mark.parametrize(
    ("field", "selector"),
    [("title", "css:h1["), ("body", "xpath://div["), ("published_at", "xpath:"), ("author", "css:>>")],
)
def test_invalid_selectors_are_configuration_errors(field: str, selector: str) -> None:
    with pytest.raises(ValidationError, match=field):
        ExtractionRules.model_validate({field: selector})


def test_invalid_remove_selector_and_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValidationError):
        ExtractionRules.model_validate({"remove": ["div.ok", "xpath://["]})
    with pytest.raises(ValidationError):
        ExtractionRules.model_validate({"titel": "css:h1"})
    with pytest.raises(ValidationError):
        ExtractionRules.model_validate({"encoding": "no-such-codec"})


def test_compile_selector_kinds() -> None:
    assert compile_selector("h1.title").path.startswith("descendant-or-self::h1")
    assert compile_selector("css:meta[name=author]::attr(content)").path.endswith("/@content")
    assert compile_selector("//div[@id='a']").path == "//div[@id='a']"
    assert compile_selector("xpath:(//p)[1]").path == "(//p)[1]"
    with pytest.raises(SelectorError, match="invalid CSS"):
        compile_selector("div[")


def test_configured_source_rules_convert_to_extraction_rules() -> None:
    settings = ExtractionRuleSettings(
        title="css:h1",
        body="xpath://div[@class='content']",
        remove=["css:.share"],
        date_formats=["%Y年%m月%d日 %H:%M"],
        canonical_url="xpath://link[@rel='canonical']/@href",
    )
    rules = ExtractionRules(**settings.model_dump())
    assert rules.body == "xpath://div[@class='content']"
    assert rules.date_formats == ["%Y年%m月%d日 %H:%M"]
