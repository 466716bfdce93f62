"""The console's parts on their own: URL safety, digest paths, throttling, secrets, charts, forms."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from starlette.datastructures import QueryParams

from app.web.charts import Series, line_chart, sparkline
from app.web.database import WebDatabase
from app.web.digests import list_digests, resolve_digest
from app.web.errors import InvalidInput, LoginThrottled, SecretKeyError
from app.web.export import neutralize
from app.web.query_errors import explain
from app.web.search_form import SearchForm
from app.web.search_view import facet_views, pages
from app.web.secret import persisted_key
from app.web.templating import query_string, safe_href
from app.web.throttle import LoginThrottle
from indexer.errors import QuerySyntaxError
from indexer.query import parse


@pytest.mark.parametrize(
    ("url", "live"),
    [
        ("https://www.mee.gov.cn/a.html", True),
        ("http://news.example.cn/x?a=1&b=2", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https:///nohost", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_only_absolute_http_urls_become_links(url: str, live: bool) -> None:
    assert (safe_href(url) is not None) is live


def test_digest_paths_stay_inside_the_archive(tmp_path: Path) -> None:
    root = tmp_path / "digests"
    (root / "daily").mkdir(parents=True)
    (root / "daily" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "outside.pdf").write_bytes(b"%PDF secret")
    (root / "daily" / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    assert resolve_digest(root, "daily/a.pdf") == (root / "daily" / "a.pdf").resolve()
    for bad in (
        "../outside.pdf",
        "daily/../../outside.pdf",
        "daily/link.pdf",
        "/etc/passwd",
        "daily\\a.pdf",
        "daily/./a.pdf",
        "a\x00.pdf",
        "",
    ):
        assert resolve_digest(root, bad) is None, bad
    assert [[f.path for f in e.files] for e in list_digests(root)] == [["daily/a.pdf"]]
    assert list_digests(tmp_path / "missing") == []


@pytest.fixture
def web_database(tmp_path: Path) -> Iterator[WebDatabase]:
    database = WebDatabase(f"sqlite:///{tmp_path / 'qingshan.db'}")
    database.open()
    yield database
    database.close()


def test_throttle_counts_failures_in_a_sliding_window(web_database: WebDatabase) -> None:
    now = [1000.0]
    throttle = LoginThrottle(web_database, 2, 60, max_per_address=3, clock=lambda: now[0])
    user, address = throttle.keys("Wang", "10.0.0.1")
    throttle.failed(user, address)
    throttle.failed(user, address)
    with pytest.raises(LoginThrottled) as raised:
        throttle.check(user, address)
    assert raised.value.retry_after_s == 61
    now[0] += 61  # the window has passed
    throttle.check(user, address)
    throttle.failed(user, address)
    throttle.succeeded(user)  # success clears the name, not the address
    throttle.check(user, address)
    throttle.failed(*throttle.keys("li", "10.0.0.1"))
    throttle.failed(*throttle.keys("zhao", "10.0.0.1"))
    with pytest.raises(LoginThrottled):
        throttle.check(*throttle.keys("someone-else", "10.0.0.1"))


def test_every_worker_counts_the_same_failures(web_database: WebDatabase, tmp_path: Path) -> None:
    other_worker = WebDatabase(f"sqlite:///{tmp_path / 'qingshan.db'}")  # its own engine, as another process
    other_worker.open()
    try:
        first, second = LoginThrottle(web_database, 2, 60), LoginThrottle(other_worker, 2, 60)
        keys = first.keys("wang", "10.0.0.2")
        first.failed(*keys)
        second.check(*keys)  # one failure: not yet
        second.failed(*keys)
        for throttle in (first, second):
            with pytest.raises(LoginThrottled):
                throttle.check(*keys)
    finally:
        other_worker.close()


def test_generated_secret_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "home" / "web-secret.key"
    first = persisted_key(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert persisted_key(path) == first
    os.chmod(path, 0o644)
    assert persisted_key(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # tightened
    path.write_text("short\n")
    with pytest.raises(SecretKeyError):
        persisted_key(path)


def test_spreadsheet_formulas_are_defused() -> None:
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralize(value).startswith("'")
    assert neutralize("青溪县 = 死鱼") == "青溪县 = 死鱼"


def test_charts_escape_labels_and_use_no_inline_style() -> None:
    chart = str(line_chart(["<b>", "2"], [Series("<script>", [1, 3])], title='"><script>'))
    assert "<script>" not in chart and "<b>" not in chart
    assert "style=" not in chart
    assert chart.startswith('<svg class="chart"')
    assert str(line_chart([], [], title="x")) == ""
    assert "polyline" in str(sparkline([0, 2, 1]))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("(雾霾", "括号没有闭合"),
        ('"黑臭', "引号没有闭合"),
        ("titel:x", "未知的字段“titel”"),
        ("a |", "“|”后面缺少检索词"),
        ("region:3", "地区代码"),
    ],
)
def test_query_errors_are_explained_in_chinese(query: str, expected: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(query)
    assert expected in explain(raised.value.reason)


def test_search_form_validates_and_round_trips() -> None:
    form = SearchForm.from_params(
        QueryParams("q=死鱼&type=news&type=social&region=320000&since=2026-11-01&sort=time&page=2")
    )
    assert form.types == ("news", "social")
    assert form.regions == ("32",)
    assert SearchForm.from_params(
        QueryParams([(k, v) for k, vs in form.params().items() for v in vs] + [("q", form.q)])
    ) == SearchForm(**{**form.__dict__, "page": 1})
    for bad in (
        "since=yesterday",
        "type=rss",
        "sentiment=angry",
        "region=1",
        "sort=random",
        "page=-1",
        "q=" + "x" * 1001,
    ):
        with pytest.raises(InvalidInput):
            SearchForm.from_params(QueryParams(bad))


def test_facet_links_toggle_one_value_and_keep_every_other_parameter() -> None:
    params = "q=雾霾+%26+x&since=2025-01-02&source=s+1&type=news&topic=t1&region=3201&sort=time&page=3"
    form = SearchForm.from_params(QueryParams(params))
    facets = {
        "topic": [("t1", 5), ("t&2", 1)],
        "province": [("320100", 4), ("110000", 2)],
        "source": [("s 1", 3)],
        "sentiment": [("negative", 2)],
    }
    views = {view.name: view for view in facet_views(form, facets, _labels())}
    topic = views["topic"].values
    assert topic[0].selected and topic[0].link == "/search" + query_string(form.toggled("topics", "t1"))
    assert not topic[1].selected and topic[1].link == "/search" + query_string(form.toggled("topics", "t&2"))
    assert "topic=t1&topic=t%262&region=3201" in topic[1].link  # the new value after the current ones
    assert views["province"].values[0].link == "/search" + query_string(form.toggled("regions", "3201"))
    assert views["source"].values[0].link == (
        "/search?q=%E9%9B%BE%E9%9C%BE+%26+x&since=2025-01-02&type=news&topic=t1&region=3201&sort=time"
    )
    assert views["sentiment"].values[0].link.endswith("&sentiment=negative&topic=t1&region=3201&sort=time")


HOSTILE = '雾霾 & a=1 #top "引号" <b>x</b> 1+1 %20 ?/;'


def test_facet_and_page_links_round_trip_hostile_values() -> None:
    # every character that could end a parameter, the query or the attribute comes back as it was
    params = [("q", HOSTILE), ("topic", 't&2#"<'), ("source", "来源 +1"), ("sort", "time"), ("page", "2")]
    form = SearchForm.from_params(QueryParams(urlencode(params)))
    assert (form.q, form.topics, form.sources) == (HOSTILE, ('t&2#"<',), ("来源 +1",))
    facets = {"topic": [('t&2#"<', 3), ("主题 & #x", 1)], "source": [("来源 +1", 2)]}
    views = {view.name: view for view in facet_views(form, facets, _labels())}

    def parsed(link: str) -> list[tuple[str, str]]:
        url = urlsplit(link)
        assert (url.scheme, url.netloc, url.path, url.fragment) == ("", "", "/search", "")
        assert not set('"<> ') & set(link)  # nothing an attribute or the template could misread
        return parse_qsl(url.query, keep_blank_values=True, strict_parsing=True)

    removed, added = views["topic"].values
    assert parsed(removed.link) == [("q", HOSTILE), ("source", "来源 +1"), ("sort", "time")]
    assert parsed(added.link) == [
        ("q", HOSTILE),
        ("source", "来源 +1"),
        ("topic", 't&2#"<'),
        ("topic", "主题 & #x"),
        ("sort", "time"),
    ]
    assert parsed(views["source"].values[0].link) == [("q", HOSTILE), ("topic", 't&2#"<'), ("sort", "time")]
    links = pages(form, total=100, page_size=10)
    assert parsed(links.previous_link) == [
        ("q", HOSTILE),
        ("source", "来源 +1"),
        ("topic", 't&2#"<'),
        ("sort", "time"),
    ]
    assert parsed(links.next_link)[-1] == ("page", "3")


def _labels() -> Any:
    class Labels:
        def sentiment(self, value: str) -> str:
            return value

        topic = region = source = sentiment

    return Labels()
