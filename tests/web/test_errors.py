"""Errors show a Chinese page (or JSON under /api/), never a traceback or an internal detail."""

from __future__ import annotations

from collections.abc import Hashable, Iterator

import httpx
import pytest

from app.web.app import create_app
from app.web.roles import Role
from app.web.services import Services
from app.wiring import build_text_index, index_tokenizer
from indexer.document import Document
from indexer.errors import StoreUnavailableError
from indexer.sqlite_store import SqliteStore
from indexer.store import SearchRequest, SearchResult
from tests.web.support import LiveServer, Site, csrf, login

INTERNAL = "sqlite3 internal detail /var/secret/path"


class BrokenStore(SqliteStore):
    """A real store whose search fails unexpectedly and whose reads report the backend down."""

    def search(self, request: SearchRequest) -> SearchResult:
        raise RuntimeError(INTERNAL)

    def search_at(self, request: SearchRequest, generation: Hashable) -> SearchResult:
        raise RuntimeError(INTERNAL)  # what the search cache calls

    def get(self, doc_id: str) -> Document | None:
        raise StoreUnavailableError(INTERNAL)


@pytest.fixture
def broken(site: Site) -> Iterator[httpx.Client]:
    settings = site.settings
    store = BrokenStore(settings.database_url(), build_text_index(settings), index_tokenizer, read_only=True)
    store.open()
    services = Services.open(settings, store=store)
    server = LiveServer(create_app(settings, services=services)).start()
    client = server.client()
    login(client, Role.ADMIN)
    yield client
    client.close()
    server.stop()
    services.close()
    store.close()


def test_unexpected_errors_show_an_incident_page(broken: httpx.Client) -> None:
    response = broken.get("/search", params={"q": "死鱼"})
    assert response.status_code == 500
    assert "服务器内部错误" in response.text
    assert "编号" in response.text
    for leak in ("Traceback", "RuntimeError", INTERNAL):
        assert leak not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    api = broken.get("/api/v1/search", params={"q": "死鱼"})
    assert api.status_code == 500
    assert api.json()["error"]["title"] == "服务器内部错误"


def test_an_unreachable_backend_is_a_503(broken: httpx.Client) -> None:
    response = broken.get("/documents/abc")
    assert response.status_code == 503
    assert "暂时无法访问" in response.text
    assert INTERNAL not in response.text


@pytest.mark.parametrize(
    ("method", "path", "status", "text"),
    [
        ("GET", "/no/such/page", 404, "您要找的页面不存在"),
        ("DELETE", "/search", 405, "不支持这种请求方式"),
        ("POST", "/users/not-a-number/role", 400, "请求的参数不正确"),
        ("GET", "/search?page=99999999999999999999", 400, "页码无效"),
    ],
)
def test_client_errors_are_chinese_pages(
    admin: httpx.Client, method: str, path: str, status: int, text: str
) -> None:
    response = admin.request(method, path, data={"csrf_token": csrf(admin)} if method == "POST" else None)
    assert response.status_code == status
    assert text in response.text
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in response.text


def test_api_errors_are_json(admin: httpx.Client) -> None:
    response = admin.get("/api/v1/documents/nothing")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "title": "未找到", "message": "没有这篇文章。"}}
    bad = admin.get("/api/v1/search", params={"q": "(雾霾"})
    assert bad.status_code == 400
    assert "括号没有闭合" in bad.json()["error"]["message"]
    assert admin.get("/api/v1/search", params={"sort": "random"}).status_code == 400
