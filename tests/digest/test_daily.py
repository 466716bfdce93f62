"""The daily digest built from a real store of hand-written items: content, citations, escaping,
charts, PDF and archive. The digest and its PDF are built once for the module."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from alerts.digest import (
    CHART_PROVINCES,
    CHART_TOPICS,
    CHART_TREND,
    Digest,
    Pdf,
    Statement,
    archive_digest,
    build_daily_digest,
    render_html,
    render_pdf,
)
from app.web.digests import list_digests
from indexer.document import Document, Sentiment, SourceType
from indexer.store import Store
from tests.digest.conftest import digest_inputs, hotspot
from tests.digest.corpus import (
    PERIOD_END,
    PERIOD_START,
    XSS_TITLE,
    XSS_URL,
    all_documents,
    fish_event,
    in_period,
    xss_item,
)
from tests.digest.pdf_text import embedded_font_names, extract_text

BY_ID = {d.id: d for d in all_documents()}


@pytest.fixture(scope="module")
def digest(store: Store) -> Digest:
    return build_daily_digest(store, digest_inputs())


class Collecting(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def pdf_and_logs(digest: Digest) -> Iterator[tuple[Pdf, list[logging.LogRecord]]]:
    """The PDF, and what WeasyPrint logged at WARNING or above while writing it."""
    handler = Collecting(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield render_pdf(digest), handler.records
    finally:
        logger.removeHandler(handler)


def cited_documents(statement: Statement) -> list[Document]:
    return [BY_ID[c.doc_id] for c in statement.citations]


def test_coverage_line_names_the_silent_and_blocked_sources_with_their_times(digest: Digest) -> None:
    text = digest.coverage.statement.text
    assert text.startswith("7 个信源中 ")
    assert "1 个自 6月9日 09:10 起无更新（微博搜索）" in text
    assert "1 个自 6月9日 22:00 起采集受阻（领导留言板：遇登录墙）" in text
    assert "不代表舆情平稳" in text
    assert [s.source for s in digest.coverage.problems] == ["weibo", "board"]


def test_coverage_line_comes_first_in_the_html(digest: Digest) -> None:
    html = render_html(digest)
    body = html[html.index("<body") :]
    first_section = body.index("一、概要")
    assert body.index("信源覆盖：") < first_section
    assert body.index("自 6月9日 09:10 起无更新") < first_section


def test_period_volume_and_negative_counts_match_the_items(digest: Digest) -> None:
    items = in_period(all_documents())
    negative = [d for d in items if d.sentiment is Sentiment.NEGATIVE]
    volume, negatives = digest.overview[0], digest.overview[1]
    assert f"共监测到 {len(items)} 条信息" in volume.text
    assert f"其中负面 {len(negative)} 条" in negatives.text
    assert digest.trend.buckets[-1].total == len(items)
    assert digest.trend.buckets[-1].negative == len(negative)


def test_trend_has_seven_days_counted_per_window(digest: Digest) -> None:
    buckets = digest.trend.buckets
    assert len(buckets) == 7
    assert buckets[-1].end == PERIOD_END and buckets[-1].start == PERIOD_START
    for bucket in buckets:
        expected = [d for d in all_documents() if bucket.start <= d.published_at < bucket.end]
        assert bucket.total == len(expected), bucket.label
        assert bucket.positive == sum(d.sentiment is Sentiment.POSITIVE for d in expected)
    assert [b.label for b in buckets] == ["06-04", "06-05", "06-06", "06-07", "06-08", "06-09", "06-10"]


def test_every_count_statement_cites_matching_items_from_its_period(digest: Digest) -> None:
    items = in_period(all_documents())
    volume, negatives = digest.overview[0], digest.overview[1]
    totals = (len(items), sum(d.sentiment is Sentiment.NEGATIVE for d in items))
    for statement, total in zip((volume, negatives), totals, strict=True):
        documents = cited_documents(statement)
        assert len(documents) == 3, statement.text
        assert all(PERIOD_START <= d.published_at < PERIOD_END for d in documents)
        assert statement.more == total - len(documents)
        assert statement.search_url is not None and statement.search_url.startswith(
            "http://127.0.0.1:8080/search?"
        )
    assert all(d.sentiment is Sentiment.NEGATIVE for d in cited_documents(negatives))
    assert "sentiment=negative" in (negatives.search_url or "")


def test_hotspot_cites_its_first_item_and_links_the_event(digest: Digest) -> None:
    (entry,) = digest.hotspots
    fish = fish_event()
    assert entry.title == "江宁秦淮河支流出现大面积死鱼"
    assert entry.statement.citations[0].doc_id == fish[0].id  # where it started
    assert {c.doc_id for c in entry.statement.citations} <= {d.id for d in fish}
    assert entry.statement.more == len(fish) - len(entry.statement.citations)
    assert entry.regions == ("江宁区",) and entry.topics == ("水",)
    assert entry.event_url == "http://127.0.0.1:8080/events/ev-fish"
    assert "负面占 80%" in entry.statement.text


def test_distributions_count_provinces_and_topics_with_citations(digest: Digest) -> None:
    items = in_period(all_documents())
    provinces = {row.key: row for row in digest.provinces.rows}
    assert provinces["320000"].count == sum(any(c.startswith("32") for c in d.regions) for d in items)
    assert provinces["320000"].name == "江苏省"
    assert provinces["130000"].negative == 3
    for row in digest.provinces.rows:
        assert all(any(c[:2] == row.key[:2] for c in d.regions) for d in cited_documents(row.statement))
    topics = {row.key: row for row in digest.topics.rows}
    assert topics["water"].name == "水" and topics["water"].count == 6
    assert all("water" in d.topics for d in cited_documents(topics["water"].statement))


def test_official_items_of_the_period_are_listed(digest: Digest) -> None:
    official = [d for d in in_period(all_documents()) if d.source_type is SourceType.OFFICIAL]
    assert digest.official.text == f"本期官方信源发布 {len(official)} 条。"
    assert {c.doc_id for c in digest.official.citations} == {d.id for d in official}


def test_alerts_section_says_the_alerts_module_is_not_configured(digest: Digest) -> None:
    assert not digest.alerts.configured
    assert digest.alerts.note == "告警模块未配置"
    html = render_html(digest)
    assert html.count("告警模块未配置") == 2  # 待回应告警 and 官方回应


def test_crawled_markup_and_javascript_links_are_escaped(digest: Digest) -> None:
    assert XSS_TITLE in [c.title for c in digest.overview[0].citations]
    for html in (render_html(digest, images="data"), render_html(digest, images="cid")):
        assert "<script" not in html
        assert "onerror=alert(1)>" not in html
        assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
        assert "javascript:" not in html
        assert XSS_URL not in html


def test_mail_html_references_charts_by_cid_and_archive_html_embeds_them(digest: Digest) -> None:
    assert set(digest.charts) == {CHART_TREND, CHART_PROVINCES, CHART_TOPICS}
    mail = render_html(digest, images="cid")
    assert set(re.findall(r'src="cid:([^"]+)"', mail)) == set(digest.charts)
    archived = render_html(digest, images="data")
    assert len(re.findall(r'src="data:image/png;base64,', archived)) == len(digest.charts)
    assert "cid:" not in archived


def test_charts_are_decodable_pngs(digest: Digest) -> None:
    for name, data in digest.charts.items():
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.format == "PNG", name
        assert image.width > 400 and image.height > 150, name


def test_pdf_is_a_real_pdf_with_the_chinese_text_in_the_cjk_font(
    pdf_and_logs: tuple[Pdf, list[logging.LogRecord]],
) -> None:
    pdf, warnings = pdf_and_logs
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.data.rstrip().endswith(b"%%EOF")
    assert pdf.pages >= 2
    text = extract_text(pdf.data)
    assert "舆情日报（2024年6月10日）" in text
    assert "起无更新（微博搜索）" in text
    assert "江宁秦淮河支流出现大面积死鱼" in text
    assert any("WenQuanYi" in name for name in embedded_font_names(pdf.data))
    assert pdf.data.count(b"/Subtype /Image") >= 3  # the charts
    assert [r.getMessage() for r in warnings] == []


def test_archive_writes_html_pdf_and_json_by_date(
    digest: Digest, pdf_and_logs: tuple[Pdf, list[logging.LogRecord]], tmp_path: Path
) -> None:
    files = archive_digest(digest, tmp_path / "digests", pdf_and_logs[0])
    assert files.html == tmp_path / "digests" / "2024" / "2024-06-10.html"
    assert files.pdf is not None and files.pdf.read_bytes() == pdf_and_logs[0].data
    payload = json.loads(files.json.read_text(encoding="utf-8"))
    assert payload["coverage"]["statement"]["text"] == digest.coverage.statement.text
    assert payload["period"] == {
        "start": "2024-06-09T08:00:00+08:00",
        "end": "2024-06-10T08:00:00+08:00",
        "tz": "Asia/Shanghai",
    }
    first = payload["hotspots"][0]["statement"]["citations"][0]
    assert first["doc_id"] == fish_event()[0].id and first["url"].startswith("https://")
    assert "charts" not in payload
    assert files.html.read_text(encoding="utf-8") == render_html(digest, images="data")
    (entry,) = list_digests(tmp_path / "digests")  # as the web console lists the archive
    assert (entry.key, entry.monthly, entry.title) == ("2024/2024-06-10", False, "2024-06-10 舆情日报")
    assert sorted(p.name for p in files.html.parent.iterdir()) == [
        "2024-06-10.html",
        "2024-06-10.json",
        "2024-06-10.pdf",
    ]


def test_unreadable_parts_are_reported_not_shown_as_calm(store: Store) -> None:
    reason = "cannot open crawl state at sqlite:///x: disk I/O error"
    digest = build_daily_digest(
        store, digest_inputs(sources=None, hotspots=None, unavailable={"sources": reason, "hotspots": "gone"})
    )
    assert digest.coverage.total is None
    assert reason in digest.coverage.statement.text and "不代表没有舆情" in digest.coverage.statement.text
    assert digest.hotspots == () and digest.hotspots_note == "热点事件数据无法读取（gone）。"


def test_single_item_events_are_not_hotspots(store: Store) -> None:
    lone = xss_item()
    spot = hotspot("ev-lone", lone.title, 35.0, [lone], ("偷排",))
    digest = build_daily_digest(store, digest_inputs(hotspots=(spot,)))
    assert digest.hotspots == ()
    assert digest.hotspots_note == "本期没有形成热点事件（2 条以上信息的事件）。"
