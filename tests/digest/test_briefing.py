"""The monthly briefing pack: concerns by region and topic, answered or open, past statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alerts.digest import (
    Briefing,
    BriefingInputs,
    Period,
    archive_briefing,
    build_monthly_briefing,
    render_briefing_html,
    render_briefing_pdf,
)
from alerts.digest.briefing import month_label
from alerts.digest.evidence import Evidence
from alerts.digest.volumes import daily_buckets
from app.web.digests import list_digests
from indexer.store import Store
from tests.digest.conftest import GENERATED_AT, coverage, fish_hotspot, names, smell_hotspot
from tests.digest.corpus import TZ, XSS_TITLE, all_documents, background, fish_event
from tests.digest.pdf_text import extract_text

MAY_STATEMENT = background()[0]


@pytest.fixture(scope="module")
def briefing(store: Store) -> Briefing:
    inputs = BriefingInputs(
        month="2024-06",
        period=Period.month(2024, 6, TZ),
        generated_at=GENERATED_AT,
        sources=coverage(),
        hotspots=(smell_hotspot(), fish_hotspot()),
        alerts=None,
        names=names(),
        console_url=None,
    )
    return build_monthly_briefing(store, inputs)


def test_overview_counts_the_month_against_the_previous_month(briefing: Briefing) -> None:
    june = [d for d in all_documents() if d.published_at.month == 6]
    assert briefing.title == "例行新闻发布会舆情参考（2024年6月）"
    assert briefing.overview[0].text.startswith(
        f"本月共监测到 {len(june)} 条信息，较上月全月增加 {len(june) - 1} 条"
    )
    assert briefing.overview[1].text == "本月官方信源发布 2 条。"
    assert briefing.coverage.statement.text.startswith("7 个信源中 ")


def test_concerns_are_ranked_by_heat_and_marked_answered_or_open(briefing: Briefing) -> None:
    fish, smell = briefing.concerns
    assert fish.hotspot.title == "江宁秦淮河支流出现大面积死鱼" and fish.hotspot.rank == 1
    assert fish.answered
    assert fish.answer.text == "已回应：官方信源在事件中发布 1 条。"
    assert [c.doc_id for c in fish.answer.citations] == [fish_event()[3].id]
    assert not smell.answered
    assert smell.answer.text == "尚未回应：事件中没有官方信源发布。"


def test_past_official_statements_on_the_subject_come_from_the_index(briefing: Briefing) -> None:
    fish, smell = briefing.concerns
    assert [c.doc_id for c in fish.past_statements.citations] == [MAY_STATEMENT.id]
    assert fish.past_statements.citations[0].published_at.month == 5
    assert smell.past_statements.citations == ()
    assert smell.past_statements.text.startswith("索引中没有找到相关的官方表态")


def test_concerns_are_grouped_by_province_and_topic(briefing: Briefing) -> None:
    by_region = {name: [e.event_id for e in entries] for name, entries in briefing.concerns_by_region}
    assert by_region == {"江苏省": ["ev-fish"], "河北省": ["ev-smell"]}
    by_topic = {name: [e.event_id for e in entries] for name, entries in briefing.concerns_by_topic}
    assert by_topic == {"水": ["ev-fish"], "大气": ["ev-smell"]}
    june = [d for d in all_documents() if d.published_at.month == 6]
    beijing = briefing.provinces.rows[0]
    assert (beijing.name, beijing.count) == ("北京市", sum("110000" in d.regions for d in june))


def test_briefing_archive_is_listed_as_monthly_and_renders_to_pdf(briefing: Briefing, tmp_path: Path) -> None:
    html = render_briefing_html(briefing)
    assert "&lt;script&gt;" in html and XSS_TITLE not in html
    assert html.index("信源覆盖") < html.index("一、本月概况")
    pdf = render_briefing_pdf(briefing)
    assert pdf.data.startswith(b"%PDF-") and pdf.pages >= 2
    assert "例行新闻发布会舆情参考（2024年6月）" in extract_text(pdf.data)
    files = archive_briefing(briefing, tmp_path, pdf)
    assert files.html == tmp_path / "monthly" / "2024-06.html"
    payload = json.loads(files.json.read_text(encoding="utf-8"))
    assert payload["month"] == "2024-06"
    assert payload["concerns"][0]["past_statements"]["citations"][0]["doc_id"] == MAY_STATEMENT.id
    (entry,) = list_digests(tmp_path)  # as the web console lists the archive
    assert (entry.key, entry.monthly, entry.title) == ("monthly/2024-06", True, "2024年6月 月度简报")
    assert sorted(f.path for f in entry.files) == [
        f"monthly/2024-06.{ext}" for ext in ("html", "json", "pdf")
    ]


def test_a_month_in_progress_is_labelled_with_its_cut_off() -> None:
    june = Period.month(2024, 6, TZ)
    assert month_label(june) == "本月"
    assert month_label(Period(june.start, GENERATED_AT, TZ)) == "本月（截至 6月10日 08:05）"


def test_monthly_chart_buckets_are_calendar_days(store: Store) -> None:
    evidence = Evidence(store, names(), None)
    buckets = daily_buckets(evidence, Period(Period.month(2024, 6, TZ).start, GENERATED_AT, TZ))
    assert [b.label for b in buckets] == [f"06-{day:02d}" for day in range(1, 11)]
    assert buckets[-1].end == GENERATED_AT
    assert [b.total for b in buckets] == [
        sum(b.start <= d.published_at < b.end for d in all_documents()) for b in buckets
    ]
