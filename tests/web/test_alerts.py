"""The alert queue and alert handling: filters, overdue items, the lifecycle with notes, refusals,
roles, hostile titles, and the same over the JSON API."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from alerts import AlertDatabase, AlertQueries, AlertState
from app.web.roles import Role
from tests.web.documents import XSS_ALERT_TITLE
from tests.web.support import LiveServer, Site, build_site, csrf, login, served


def queue_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr class="[^"]*" data-alert-id="(\d+)">', html)]


def fish_and_reservoir(site: Site) -> tuple[int, int]:
    database = AlertDatabase(site.settings.database_url())
    database.open()
    try:
        by_event = {a.event_id: a.id for a in AlertQueries(database).list_alerts(limit=10)}
    finally:
        database.close()
    reservoir_event = site.documents[-1].event_id
    assert reservoir_event is not None
    return by_event[site.event_id], by_event[reservoir_event]


def test_queue_puts_overdue_alerts_first_and_marks_them(spokesperson: httpx.Client, site: Site) -> None:
    fish, reservoir = fish_and_reservoir(site)
    html = spokesperson.get("/alerts").text
    assert queue_ids(html) == [fish, reservoir]  # overdue first, although level IV
    row = html[html.index(f'data-alert-id="{fish}"') - 30 :]
    assert row.startswith('<tr class="overdue"') or 'class="overdue"' in row[:60]
    assert "已超时" in html and "1 条已超时" in html
    assert "IV级（蓝色预警）" in html and "III级（黄色预警）" in html


@pytest.mark.parametrize(
    ("params", "which"),
    [
        ({"level": "III"}, "reservoir"),
        ({"level": ["III", "IV"]}, "both"),
        ({"region": "33"}, "reservoir"),
        ({"region": "3201"}, "fish"),
        ({"deadline": "overdue"}, "fish"),
        ({"state": "closed"}, "none"),
    ],
)
def test_queue_filters(press: httpx.Client, site: Site, params: dict[str, object], which: str) -> None:
    fish, reservoir = fish_and_reservoir(site)
    expected = {"fish": {fish}, "reservoir": {reservoir}, "both": {fish, reservoir}, "none": set()}[which]
    assert set(queue_ids(press.get("/alerts", params=params).text)) == expected  # type: ignore[arg-type]


def test_bad_queue_filters_are_explained(press: httpx.Client) -> None:
    response = press.get("/alerts", params={"level": "V"})
    assert response.status_code == 400
    assert "筛选条件无效" in response.text


def test_alert_page_shows_the_case_and_escapes_titles(press: httpx.Client, site: Site) -> None:
    _, reservoir = fish_and_reservoir(site)
    html = press.get(f"/alerts/{reservoir}").text
    assert "城西水库饮用水源地出现黑臭水体" in html
    assert XSS_ALERT_TITLE not in html and "&lt;img src=x" in html
    assert "饮用水" in html  # the sensitive subject found
    assert "作出回应" in html or "发布权威信息" in html  # its deadlines
    assert 'data-action="ack"' in html  # a press officer may act


def test_read_only_roles_see_no_actions(
    spokesperson: httpx.Client, analyst: httpx.Client, site: Site
) -> None:
    fish, _ = fish_and_reservoir(site)
    for client in (spokesperson, analyst):
        html = client.get(f"/alerts/{fish}").text
        assert "预警" in html and 'data-action="' not in html


def test_documents_and_events_link_their_alert(press: httpx.Client, site: Site) -> None:
    fish, _ = fish_and_reservoir(site)
    assert f'href="/alerts/{fish}"' in press.get(f"/documents/{site.documents[1].id}").text
    assert f'href="/alerts/{fish}"' in press.get(f"/events/{site.event_id}").text


@pytest.fixture
def private_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site of each test's own: these tests change alerts."""
    return build_site(tmp_path_factory.mktemp("alerts"))


@pytest.fixture
def private_server(private_site: Site) -> Iterator[LiveServer]:
    with served(private_site) as live:
        yield live


@pytest.fixture
def officer(private_server: LiveServer) -> Iterator[httpx.Client]:
    with private_server.client() as client:
        assert login(client, Role.PRESS).status_code == 303
        yield client


def act(client: httpx.Client, alert_id: int, action: str, **fields: object) -> httpx.Response:
    return client.post(f"/alerts/{alert_id}/{action}", data={**fields, "csrf_token": csrf(client)})  # type: ignore[arg-type]


def test_full_lifecycle_with_notes(officer: httpx.Client, private_site: Site) -> None:
    _, alert = fish_and_reservoir(private_site)
    assert (
        act(officer, alert, "ack", note="已研判：水源地，需属地核实").headers["location"]
        == f"/alerts/{alert}?done=ack"
    )
    assert (
        act(officer, alert, "assign", assignee="杭州市生态环境局西湖分局", note="请一日内核实").status_code
        == 303
    )
    responded = act(
        officer,
        alert,
        "respond",
        url="https://sthjj.example.gov.cn/notice/1.html",
        deadline=["response"],
        note="已发布通报",
    )
    assert responded.status_code == 303
    assert act(officer, alert, "follow-up", note="跟踪整改进展").status_code == 303
    assert act(officer, alert, "close", note="整改完成").status_code == 303
    html = officer.get(f"/alerts/{alert}").text
    assert '<dd id="alert-state">已办结</dd>' in html
    history = html[html.index("处置记录") :]
    for label, note in [
        ("研判确认", "已研判：水源地"),
        ("转办", "请一日内核实"),
        ("记录回应", "已发布通报"),
        ("转入整改跟踪", "跟踪整改进展"),
        ("办结", "整改完成"),
    ]:
        assert label in history and note in history
    assert history.count(">press<") == 5  # every step records who acted
    assert 'href="https://sthjj.example.gov.cn/notice/1.html"' in html
    assert alert not in queue_ids(officer.get("/alerts").text)  # closed: out of the open queue
    assert alert in queue_ids(officer.get("/alerts", params={"state": "closed"}).text)


def test_refusals_are_explained(officer: httpx.Client, private_site: Site) -> None:
    fish, _ = fish_and_reservoir(private_site)
    premature = act(officer, fish, "follow-up", note="x")
    assert premature.status_code == 409
    assert "当前状态为“待研判”，不能执行“转入整改跟踪”" in premature.text
    unexplained = act(officer, fish, "close")
    assert unexplained.status_code == 400
    assert "请在备注中说明原因" in unexplained.text
    assert act(officer, fish, "ack").status_code == 303
    bad_link = act(officer, fish, "respond", url="javascript:alert(1)")
    assert bad_link.status_code == 400 and "http(s) 链接" in bad_link.text
    no_assignee = act(officer, fish, "assign", assignee=" ")
    assert no_assignee.status_code == 400
    state = re.search(r'<dd id="alert-state">([^<]+)</dd>', officer.get(f"/alerts/{fish}").text)
    assert state is not None and state.group(1) == AlertState.ACKNOWLEDGED.label_zh


def test_api_handles_alerts_with_a_token(private_server: LiveServer, private_site: Site) -> None:
    fish, _ = fish_and_reservoir(private_site)
    from app.web.database import WebDatabase
    from app.web.tokens import TokenStore
    from app.web.users import UserStore, make_hasher

    database = WebDatabase(private_site.settings.database_url())
    database.open()
    press = UserStore(database, make_hasher(private_site.settings.web.password_hashing)).by_username("press")
    assert press is not None
    _, raw = TokenStore(database).create(press.id, "值班系统")
    database.close()
    with private_server.client() as system:
        system.headers["Authorization"] = f"Bearer {raw}"
        listed = system.get("/api/v1/alerts", params={"state": ["new", "acknowledged"]}).json()
        assert fish in {a["id"] for a in listed}
        detail = system.get(f"/api/v1/alerts/{fish}").json()
        assert detail["level"] in {"I", "II", "III", "IV"} and detail["deadlines"]
        conflict = system.post(f"/api/v1/alerts/{fish}/follow-up", json={"note": "太早"})
        assert conflict.status_code == 409
        assert "不能执行" in conflict.json()["error"]["message"]
        closed = system.post(f"/api/v1/alerts/{fish}/close", json={"note": "误报，已核实无污染"})
        assert closed.status_code == 200
        assert closed.json()["state"] == "closed"
        assert closed.json()["transitions"][-1]["actor"] == "press"
        assert system.post(f"/api/v1/alerts/{fish}/explode", json={}).status_code == 400
