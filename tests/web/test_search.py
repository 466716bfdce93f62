"""The search page, its exports and saved searches, over real HTTP against a real store."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from openpyxl import load_workbook

from app.web.export import exported_documents
from app.web.roles import Role
from app.web.services import Services
from app.wiring import build_store
from indexer.store import SearchRequest, SortOrder
from tests.web.documents import FORMULA_TITLE, make
from tests.web.support import Site, csrf

HIT = re.compile(r'<li class="hit" data-doc-id="([0-9a-f]+)">')


def hit_ids(html: str) -> list[str]:
    return HIT.findall(html)


def titles(site: Site, ids: list[str]) -> list[str]:
    by_id = {d.id: d.title for d in site.documents}
    return [by_id[i] for i in ids]


def test_query_finds_and_marks_terms(press: httpx.Client, site: Site) -> None:
    page = press.get("/search", params={"q": "死鱼"})
    assert page.status_code == 200
    found = titles(site, hit_ids(page.text))
    assert len(found) == 3
    assert all("死鱼" in t for t in found)
    assert "<mark>死鱼</mark>" in page.text
    assert 'id="total">3<' in page.text


def test_empty_query_lists_everything_newest_first(spokesperson: httpx.Client, site: Site) -> None:
    ids = hit_ids(spokesperson.get("/search").text)
    assert len(ids) == len(site.documents)
    published = {d.id: d.published_at for d in site.documents}
    assert [published[i] for i in ids] == sorted(published.values(), reverse=True)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "official"}, {"青溪县生态环境局关于城南河段死鱼情况的通报"}),
        ({"sentiment": "positive"}, {"湿地保护成效显著 候鸟数量创新高", "多地发布碳达峰实施方案"}),
        ({"topic": "air"}, {"北京启动重污染天气橙色预警 部分工地停工"}),
        (
            {"region": "3201", "q": "死鱼 | 噪声"},
            {
                "青溪县城南河段出现大面积死鱼 居民怀疑上游企业偷排",
                "转发：青溪县城南河段大面积死鱼",
                "青溪县生态环境局关于城南河段死鱼情况的通报",
                "居民反映夜间施工噪声扰民",
            },
        ),
        (
            {"since": "2026-11-18", "until": "2026-11-18"},
            {"北京启动重污染天气橙色预警 部分工地停工", "湿地保护成效显著 候鸟数量创新高"},
        ),
        ({"source": "weibo", "until": "2026-11-21"}, {"转发：青溪县城南河段大面积死鱼"}),
        (
            {"q": "死鱼", "type": ["social", "official"]},
            {"转发：青溪县城南河段大面积死鱼", "青溪县生态环境局关于城南河段死鱼情况的通报"},
        ),
    ],
)
def test_filters(analyst: httpx.Client, site: Site, params: dict[str, object], expected: set[str]) -> None:
    page = analyst.get("/search", params=params)  # type: ignore[arg-type]
    assert page.status_code == 200
    assert set(titles(site, hit_ids(page.text))) == expected


def test_facets_are_links_that_add_and_remove_filters(press: httpx.Client) -> None:
    page = press.get("/search", params={"q": "死鱼"}).text
    facet = re.search(r'data-facet="sentiment">.*?</section>', page, re.S)
    assert facet is not None
    link = re.search(r'href="([^"]+)">负面</a> <span class="count">2</span>', facet.group(0))
    assert link is not None
    filtered = press.get(link.group(1).replace("&amp;", "&"))
    assert len(hit_ids(filtered.text)) == 2
    selected = re.search(r'<li class="selected"><a href="([^"]+)">负面</a>', filtered.text)
    assert selected is not None  # clicking it again removes the filter
    assert len(hit_ids(press.get(selected.group(1).replace("&amp;", "&")).text)) == 3


def test_a_facet_link_of_a_hostile_query_is_escaped_and_round_trips(press: httpx.Client) -> None:
    query = '死鱼 | "a&b=1#c<d>+e 雾霾"'
    page = press.get("/search", params={"q": query}).text
    facet = re.search(r'data-facet="sentiment">.*?</section>', page, re.S)
    assert facet is not None
    link = re.search(r'href="([^"]+)">负面</a>', facet.group(0))
    assert link is not None
    assert "&amp;sentiment=negative" in link.group(1)  # the template escaped the link's own "&"
    url = urlsplit(html.unescape(link.group(1)))
    assert (url.path, url.fragment) == ("/search", "")
    assert parse_qsl(url.query, strict_parsing=True) == [("q", query), ("sentiment", "negative")]
    assert len(hit_ids(press.get(html.unescape(link.group(1))).text)) == 2


def test_sort_by_time(press: httpx.Client, site: Site) -> None:
    ids = hit_ids(press.get("/search", params={"q": "死鱼 | 排污口", "sort": "time"}).text)
    published = {d.id: d.published_at for d in site.documents}
    assert [published[i] for i in ids] == sorted((published[i] for i in ids), reverse=True)


def test_pages(press: httpx.Client, site: Site, services: Services) -> None:
    size = services.settings.general.search_page_size
    assert size >= len(site.documents)  # everything on page 1: page 2 is empty but valid
    page2 = press.get("/search", params={"page": 2})
    assert page2.status_code == 200
    assert hit_ids(page2.text) == []
    assert press.get("/search", params={"page": "0"}).status_code == 400
    assert press.get("/search", params={"page": "x"}).status_code == 400


def test_a_newly_stored_document_shows_on_a_page_seen_before(press: httpx.Client, site: Site) -> None:
    """Pages are cached until the index changes: a crawler's commit shows on the next search."""
    params = {"q": "死鱼", "sort": "time"}
    before = press.get("/search", params=params)
    again = press.get("/search", params=params)
    assert 'desc="hit"' in again.headers["server-timing"]
    assert hit_ids(again.text) == hit_ids(before.text)
    new = make(
        "fish-kill-late", "下游今晨再现死鱼", "青溪县下游河段今晨再次发现死鱼，环保部门已赶赴现场。", day=28
    )
    crawler = build_store(site.settings)
    crawler.open()
    try:
        crawler.upsert([new])
        after = press.get("/search", params=params)
        assert 'desc="miss"' in after.headers["server-timing"]
        assert hit_ids(after.text) == [new.id, *hit_ids(before.text)]
    finally:
        crawler.delete([new.id])
        crawler.close()
    assert hit_ids(press.get("/search", params=params).text) == hit_ids(before.text)


def test_query_errors_point_at_the_position_in_chinese(press: httpx.Client) -> None:
    page = press.get("/search", params={"q": "(雾霾 | PM2.5"})
    assert page.status_code == 400
    assert "括号没有闭合" in page.text
    assert '<span class="at">(</span>' in page.text
    unknown = press.get("/search", params={"q": "titel:偷排"})
    assert "未知的字段“titel”" in unknown.text


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE documents; --",
        '" OR 1=1 --',
        "死鱼 NEAR(a b)",
        "title:* OR text:*",
        "{x} ^ ~ \\ ; %",
        "source:weibo' OR '1'='1",
        "a" * 1000,
        "(((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))))",
    ],
)
def test_hostile_queries_never_break_the_store(press: httpx.Client, query: str, site: Site) -> None:
    page = press.get("/search", params={"q": query})
    assert page.status_code in (200, 400)
    assert "Traceback" not in page.text
    assert len(hit_ids(press.get("/search").text)) == len(site.documents)  # the store is intact


def test_bad_filters_are_explained(press: httpx.Client) -> None:
    assert "日期格式" in press.get("/search", params={"since": "2026-13-01"}).text
    assert "地区代码" in press.get("/search", params={"region": "3"}).text
    assert press.get("/search", params={"type": "<script>"}).status_code == 400
    assert press.get("/search", params={"sort": "random"}).status_code == 400


def test_csv_export_matches_the_search_and_defuses_formulas(analyst: httpx.Client) -> None:
    response = analyst.get("/search/export.csv", params={"q": "排污口"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["发布时间", "来源", "来源类型", "标题"]
    assert len(rows) == 3
    exported_titles = {row[3] for row in rows[1:]}
    assert "'" + FORMULA_TITLE in exported_titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_excel_export_is_text_only(analyst: httpx.Client) -> None:
    response = analyst.get("/search/export.xlsx", params={"q": "排污口"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "标题"
    assert len(values) == 3
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type == "s" for cell in cells)
    assert "'" + FORMULA_TITLE in {row[3] for row in values[1:]}


def test_export_is_capped_at_the_configured_rows(services: Services, site: Site) -> None:
    request = SearchRequest(sort=SortOrder.TIME)
    assert len(list(exported_documents(services.store, request, 3))) == 3
    everything = list(exported_documents(services.store, request, 10_000))
    assert [d.id for d in everything] == [
        d.id for d in sorted(site.documents, key=lambda d: d.published_at, reverse=True)
    ]


def test_saved_searches_belong_to_their_owner(client_for: Callable[[Role], httpx.Client]) -> None:
    owner, other = client_for(Role.PRESS), client_for(Role.ANALYST)
    data = {"name": "青溪死鱼跟踪", "q": "死鱼", "type": ["news", "social"], "csrf_token": csrf(owner)}
    saved = owner.post("/searches", data=data)
    assert saved.status_code == 303
    listing = owner.get("/searches").text
    assert "青溪死鱼跟踪" in listing
    link = re.search(r'<a href="(/search\?[^"]+)">青溪死鱼跟踪</a>', listing)
    assert link is not None
    rerun = owner.get(link.group(1).replace("&amp;", "&"))
    assert len(hit_ids(rerun.text)) == 2  # the filters were saved with the query
    assert "青溪死鱼跟踪" not in other.get("/searches").text
    search_id = re.search(
        r'action="/searches/(\d+)/delete" class="inline" data-confirm="删除方案“青溪死鱼跟踪”', listing
    )
    assert search_id is not None
    assert (
        other.post(f"/searches/{search_id.group(1)}/delete", data={"csrf_token": csrf(other)}).status_code
        == 404
    )
    assert (
        owner.post(f"/searches/{search_id.group(1)}/delete", data={"csrf_token": csrf(owner)}).status_code
        == 303
    )
    assert "青溪死鱼跟踪" not in owner.get("/searches").text


def test_shared_plans_from_config_are_listed(spokesperson: httpx.Client, services: Services) -> None:
    page = spokesperson.get("/searches").text
    assert "只读" in page
    for plan in services.settings.plans.plans:
        assert plan.name in page
