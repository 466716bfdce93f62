"""The console in a real browser (Debian's Chromium driven by Playwright, headless): log in, search
with a filter, open a document, acknowledge and close an alert, download a digest PDF, be refused.

No page may raise a JavaScript dialog from crawled content or break its Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.web.roles import Role
from tests.web.documents import XSS_URL
from tests.web.support import (
    MINIMAL_PDF,
    PASSWORDS,
    USERNAMES,
    LiveServer,
    Site,
    build_site,
    served,
)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (make deb)", allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


class Watch:
    """JavaScript alerts (an XSS would raise one) and CSP violations seen by a page."""

    def __init__(self, page: Page) -> None:
        self.alerts: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self.on_dialog)
        page.on("console", self.on_console)

    def on_dialog(self, dialog: Dialog) -> None:
        if dialog.type == "confirm":  # the console's own "are you sure?" (app.js data-confirm)
            dialog.accept()
            return
        self.alerts.append(dialog.message)
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(message.text)

    def assert_clean(self) -> None:
        assert not self.alerts, f"crawled content ran script: {self.alerts}"
        assert not self.violations, self.violations


def log_in(page: Page, base: str, role: Role) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(USERNAMES[role])
    page.get_by_label("密码").fill(PASSWORDS[role])
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/search$"))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


def test_search_with_a_filter_and_open_a_document(page: Page, server: LiveServer, site: Site) -> None:
    watch = Watch(page)
    log_in(page, server.url, Role.SPOKESPERSON)
    page.get_by_label("检索式").fill("死鱼")
    page.locator("details.filters summary").click()
    page.get_by_label("政务发布").check()
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator("#total")).to_have_text("1")
    page.locator("li.hit h2 a").first.click()
    expect(page.locator("article.document h1")).to_have_text("青溪县生态环境局关于城南河段死鱼情况的通报")
    expect(page.locator("article.document mark").first).to_have_text("死鱼")
    expect(page.locator(".analysis")).to_contain_text("中性")
    watch.assert_clean()


def test_hostile_content_stays_text(page: Page, server: LiveServer, site: Site) -> None:
    watch = Watch(page)
    log_in(page, server.url, Role.ANALYST)
    page.goto(f"{server.url}/search?q=排污口")
    expect(page.locator("li.hit").first).to_contain_text('<script>alert("title")</script>')
    hostile = next(d for d in site.documents if d.url == XSS_URL)
    page.goto(f"{server.url}/documents/{hostile.id}")
    expect(page.locator(".inert-url")).to_have_text(XSS_URL)
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.goto(f"{server.url}/hotspots?end=2026-11-21")
    page.goto(f"{server.url}/alerts/2")
    watch.assert_clean()


@pytest.fixture
def private_server(tmp_path: Path) -> Iterator[LiveServer]:
    with served(build_site(tmp_path)) as live:
        yield live


def test_acknowledge_and_close_an_alert(page: Page, private_server: LiveServer) -> None:
    watch = Watch(page)
    log_in(page, private_server.url, Role.PRESS)
    page.get_by_role("link", name="预警处置").click()
    overdue = page.locator("tr.overdue")
    expect(overdue).to_have_count(1)
    overdue.get_by_role("link").click()
    page.locator('form[data-action="ack"] textarea').fill("已研判：属地核实中")
    page.get_by_role("button", name="研判确认").click()
    expect(page.locator(".flash.ok")).to_have_text("已研判确认。")
    expect(page.locator("#alert-state")).to_have_text("已研判")
    page.locator('form[data-action="close"] textarea').fill("经核实为上游闸门调度导致，已处置")
    page.get_by_role("button", name="办结").click()  # app.js asks for confirmation; the watch accepts
    expect(page.locator("#alert-state")).to_have_text("已办结")
    history = page.locator("table.transitions")
    expect(history).to_contain_text("已研判：属地核实中")
    expect(history).to_contain_text("经核实为上游闸门调度导致，已处置")
    watch.assert_clean()


@pytest.fixture
def digest_server(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    """A site whose archive holds a real 舆情日报 built by alerts.digest (HTML, PDF, JSON)."""
    from app.commands.digest import run_digest

    site = build_site(tmp_path / "site")
    files = run_digest(site.settings, date(2026, 11, 21), datetime(2026, 11, 21, 23, tzinfo=UTC))
    assert files.pdf is not None
    with served(site) as live:
        yield live, files.pdf


def test_download_a_digest_pdf(page: Page, digest_server: tuple[LiveServer, Path], tmp_path: Path) -> None:
    server, pdf = digest_server
    watch = Watch(page)
    log_in(page, server.url, Role.SPOKESPERSON)
    page.get_by_role("link", name="舆情简报").click()
    row = page.locator('tr[data-digest="2026/2026-11-21"]')
    expect(row).to_contain_text("2026-11-21 舆情日报")
    with page.expect_download() as download_info:
        row.locator('a[data-kind="PDF"]').click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name == "2026-11-21.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.read_bytes() == pdf.read_bytes()
    with page.context.expect_page() as opened:
        row.get_by_role("link", name="查看网页版").click()
    expect(opened.value.locator("body")).to_contain_text("舆情日报")
    watch.assert_clean()


def test_digest_archive_lists_files_placed_in_it(page: Page, server: LiveServer) -> None:
    log_in(page, server.url, Role.PRESS)
    page.goto(f"{server.url}/digests")
    expect(page.locator('tr[data-digest="2026/2026-11-20"]')).to_contain_text("2026-11-20 舆情日报")
    expect(page.locator('tr[data-digest="monthly/2026-10"]')).to_contain_text("2026年10月 月度简报")
    with page.expect_download() as download_info:
        page.locator('tr[data-digest="2026/2026-11-20"] a[data-kind="PDF"]').click()
    assert Path(download_info.value.path()).read_bytes() == MINIMAL_PDF


def test_a_read_only_role_is_refused(page: Page, server: LiveServer) -> None:
    log_in(page, server.url, Role.SPOKESPERSON)
    expect(page.locator("nav.mainnav")).not_to_contain_text("用户管理")
    expect(page.locator("nav.mainnav")).not_to_contain_text("信息源")
    response = page.goto(f"{server.url}/users")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("无权访问")
    page.goto(f"{server.url}/alerts/1")
    assert page.locator("form.action").count() == 0  # read-only: no handling forms
