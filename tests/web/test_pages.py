"""Document, event, hotspot, digest and source pages show what the stores hold."""

from __future__ import annotations

import re
import socket

import httpx
import pytest

from app.web.keepalive import REQUESTS_PER_CONNECTION
from tests.web.support import DAILY_HTML, DAILY_PDF, HOSTILE_DIGEST_HTML, MINIMAL_PDF, LiveServer, Site


def test_document_shows_text_analysis_and_event(press: httpx.Client, site: Site) -> None:
    report = site.documents[0]
    html = press.get(f"/documents/{report.id}", params={"q": "死鱼"}).text
    assert report.title in html
    assert "<mark>死鱼</mark>" in html
    assert "负面" in html and "93%" in html  # sentiment and its probability
    assert "江苏省 南京市 江宁区" in html  # region names from the gazetteer
    assert '<span class="tag">水</span>' in html  # topic name from topics.yaml
    assert f'href="/events/{site.event_id}"' in html
    assert "（3 条）" in html
    assert "转发 120" in html


def test_a_repost_links_to_its_original(press: httpx.Client, site: Site) -> None:
    report, repost = site.documents[0], site.documents[1]
    html = press.get(f"/documents/{repost.id}").text
    assert "转发自" in html
    assert f'<a href="/documents/{report.id}">{report.title}</a>' in html


def test_unknown_document_is_a_chinese_404(press: httpx.Client) -> None:
    response = press.get("/documents/does-not-exist")
    assert response.status_code == 404
    assert "没有这篇文章" in response.text


def test_event_page_has_timeline_sources_sentiment_reposts_and_responses(
    press: httpx.Client, site: Site
) -> None:
    html = press.get(f"/events/{site.event_id}").text
    report, repost, response = site.documents[:3]
    timeline = html[html.index('<ol class="timeline">') :]
    positions = [timeline.index(d.title) for d in (report, repost, response)]
    assert positions == sorted(positions)  # chronological
    official = html[
        html.index("<h2>官方回应</h2>") : html.index("</section>", html.index("<h2>官方回应</h2>"))
    ]
    assert response.title in official and report.title not in official
    assert "转发总数 165，转发帖 2 条" in html
    assert 'class="chart"' in html and "负面" in html  # the sentiment-over-time chart and its legend
    for source in ("中国环境网", "微博"):
        assert source in html


def test_unknown_event_is_a_404(press: httpx.Client) -> None:
    assert press.get("/events/ev-nothing").status_code == 404


def test_hotspots_rank_events_by_heat(spokesperson: httpx.Client, site: Site) -> None:
    html = spokesperson.get("/hotspots", params={"period": "7d", "end": "2026-11-21"}).text
    rows = re.findall(r'<td><a href="/events/([^"]+)">', html)
    assert rows[0] == site.event_id  # three items, three sources, engagement: the hottest
    heats = [float(h) for h in re.findall(r'<td class="num heat">([\d.]+)</td>', html)]
    assert heats == sorted(heats, reverse=True)
    assert 'class="sparkline"' in html and 'class="chart"' in html


def test_hotspots_filter_by_period_region_and_topic(spokesperson: httpx.Client, site: Site) -> None:
    day = spokesperson.get("/hotspots", params={"period": "24h", "end": "2026-11-18"}).text
    assert len(re.findall(r'<td><a href="/events/', day)) == 2  # the two items of the 18th
    jiangsu = spokesperson.get("/hotspots", params={"end": "2026-11-21", "region": "32"}).text
    ids = set(re.findall(r'<td><a href="/events/([^"]+)">', jiangsu))
    assert site.event_id in ids and len(ids) == 2  # the fish kill and the Nanjing noise complaint
    water = spokesperson.get("/hotspots", params={"end": "2026-11-21", "topic": "water"}).text
    assert set(re.findall(r'<td><a href="/events/([^"]+)">', water)) == {site.event_id}
    assert spokesperson.get("/hotspots", params={"period": "1y"}).status_code == 400
    assert spokesperson.get("/hotspots", params={"region": "abc"}).status_code == 400


def test_digest_archive_lists_daily_and_monthly_digests(spokesperson: httpx.Client) -> None:
    html = spokesperson.get("/digests").text
    daily = html[html.index("<h2>舆情日报</h2>") : html.index("<h2>月度简报</h2>")]
    monthly = html[html.index("<h2>月度简报</h2>") :]
    assert daily.index("2026-11-20 舆情日报") < daily.index("2026-11-19 舆情日报")  # newest first
    entry = daily[
        daily.index('data-digest="2026/2026-11-20"') : daily.index(
            "</tr>", daily.index('data-digest="2026/2026-11-20"')
        )
    ]
    assert f'href="/digests/files/{DAILY_HTML}"' in entry  # the web page opens in place
    assert f'href="/digests/files/{DAILY_PDF}?download=1"' in entry
    assert "下载JSON" in entry
    assert "2026年10月 月度简报" in monthly
    assert "notes.exe" not in html and ".draft" not in html


def test_digest_pdf_downloads(spokesperson: httpx.Client) -> None:
    response = spokesperson.get(f"/digests/files/{DAILY_PDF}", params={"download": 1})
    assert response.status_code == 200
    assert response.content == MINIMAL_PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")


def test_html_digest_opens_in_a_sandbox(spokesperson: httpx.Client) -> None:
    response = spokesperson.get(f"/digests/files/{DAILY_HTML}")
    assert response.text == HOSTILE_DIGEST_HTML
    assert response.headers["content-disposition"].startswith("inline;")
    assert response.headers["content-security-policy"].startswith("sandbox;")
    assert "script-src" not in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "daily/../../secret.txt",
        "%2e%2e/secret.txt",
        "daily/notes.exe",
        "/etc/passwd",
        "daily/missing.pdf",
        ".hidden.pdf",
    ],
)
def test_digest_files_cannot_escape_the_archive(spokesperson: httpx.Client, path: str) -> None:
    response = spokesperson.get("/digests/files/" + path)
    assert response.status_code == 404
    assert "outside the archive" not in response.text


def test_sources_show_degraded_first_with_reasons(analyst: httpx.Client) -> None:
    html = analyst.get("/sources").text
    rows = re.findall(r'<tr class="status-(\w+)', html)
    assert rows[0] == "degraded"
    assert "&lt;b&gt;captcha&lt;/b&gt;" in html  # reasons are escaped
    assert "http_418 × 3" in html
    assert "1 个异常" in html
    assert "生态环境部 新闻发布" in html  # configured sources without runs yet are listed as new


def test_a_keep_alive_connection_is_closed_after_its_quota_of_requests(server: LiveServer) -> None:
    # so that connections spread again over serve's workers (app.web.keepalive)
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}") as client:
        said = [
            client.get("/login").headers.get("connection") for _ in range(2 * REQUESTS_PER_CONNECTION + 1)
        ]
    closing = [i + 1 for i, value in enumerate(said) if value == "close"]
    assert closing == [REQUESTS_PER_CONNECTION, 2 * REQUESTS_PER_CONNECTION]
    # and the server closes its end: a client that keeps sending on the connection reads its end
    request = f"GET /login HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request * (REQUESTS_PER_CONNECTION + 2))
        received = b""
        while chunk := sock.recv(65536):  # b"" when the server has closed; a timeout fails the test
            received += chunk
    assert received.count(b"HTTP/1.1 200") == REQUESTS_PER_CONNECTION
