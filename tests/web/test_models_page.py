"""The Models page and its API: analysts and admins see versions, metrics and plots and promote one;
other roles are refused; card text is shown as inert text; promote needs the CSRF token.

The site is this module's own (promoting changes the registry's ACTIVE pointer), with a registered
version ``v1``: the shipped sentiment model copied, its card carrying hostile text and a PNG plot.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator

import httpx
import pytest

from app.web.roles import Role
from nlp.models import SHIPPED_MODELS_DIR, ModelRegistry
from tests.web.support import LiveServer, Site, build_site, csrf, login, served

pytestmark = pytest.mark.xdist_group("models_page")

PAYLOAD = '<script>alert("card")</script><img src=x onerror=alert(1)>'


def png_bytes() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def models_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = build_site(tmp_path_factory.mktemp("models-web"))
    registry = ModelRegistry.from_settings(site.settings)
    version = registry.root / "sentiment" / "v1"
    shutil.copytree(SHIPPED_MODELS_DIR / "sentiment" / "default", version)
    card = json.loads((version / "card.json").read_text(encoding="utf-8"))
    card.update(
        version="v1",
        created_by=PAYLOAD,
        notes=f"重新训练 {PAYLOAD}",
        data={**card["data"], "split": PAYLOAD},
    )
    (version / "card.json").write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    (version / "confusion.png").write_bytes(png_bytes())
    (version / "notes.txt").write_text("not a plot", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def models_server(models_site: Site) -> Iterator[LiveServer]:
    with served(models_site) as live:
        yield live


@pytest.fixture
def client_as(models_server: LiveServer) -> Iterator[Callable[[Role], httpx.Client]]:
    made: list[httpx.Client] = []

    def make(role: Role) -> httpx.Client:
        client = models_server.client()
        made.append(client)
        assert login(client, role).status_code == 303
        return client

    yield make
    for client in made:
        client.close()


def registry(site: Site) -> ModelRegistry:
    return ModelRegistry.from_settings(site.settings)


def test_analyst_sees_versions_metrics_and_plots(client_as: Callable[[Role], httpx.Client]) -> None:
    client = client_as(Role.ANALYST)
    page = client.get("/models")
    assert page.status_code == 200
    html = page.text
    assert "模型注册表尚未安装" not in html
    for expected in (
        "情感倾向",
        "环境相关性",
        "版本 default",
        "版本 v1",
        "宏平均 F1",
        "0.7643",
        "启用此版本",
    ):
        assert expected in html, expected
    assert 'src="/models/sentiment/v1/plots/confusion.png"' in html
    assert "notes.txt" not in html
    plot = client.get("/models/sentiment/v1/plots/confusion.png")
    assert plot.status_code == 200
    assert plot.headers["content-type"] == "image/png"
    assert plot.content == png_bytes()


def test_card_text_is_inert(client_as: Callable[[Role], httpx.Client]) -> None:
    html = client_as(Role.ADMIN).get("/models").text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;card&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert" in html


def test_only_pngs_inside_the_version_are_served(client_as: Callable[[Role], httpx.Client]) -> None:
    client = client_as(Role.ANALYST)
    for url in (
        "/models/sentiment/v1/plots/notes.txt",
        "/models/sentiment/v1/plots/..%2Fcard.json",
        "/models/sentiment/v1/plots/missing.png",
        "/models/sentiment/v9/plots/confusion.png",
        "/models/nosuchtask/v1/plots/confusion.png",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", [Role.PRESS, Role.SPOKESPERSON], ids=lambda r: r.value)
def test_other_roles_are_refused(
    role: Role, client_as: Callable[[Role], httpx.Client], models_site: Site
) -> None:
    client = client_as(role)
    token = csrf(client)
    assert client.get("/models").status_code == 403
    assert client.get("/models/sentiment/v1/plots/confusion.png").status_code == 403
    assert client.get("/api/v1/models").status_code == 403
    form = client.post("/models/sentiment/v1/promote", data={"csrf_token": token})
    assert form.status_code == 403
    api = client.post("/api/v1/models/sentiment/v1/promote", headers={"X-CSRF-Token": token})
    assert api.status_code == 403
    assert registry(models_site).active_version("sentiment") == "default"


def test_promote_switches_active_and_needs_csrf(
    client_as: Callable[[Role], httpx.Client], models_site: Site
) -> None:
    client = client_as(Role.ANALYST)
    without = client.post("/models/sentiment/v1/promote", data={})
    assert without.status_code == 403
    assert registry(models_site).active_version("sentiment") == "default"

    response = client.post("/models/sentiment/v1/promote", data={"csrf_token": csrf(client)})
    assert response.status_code == 303
    assert response.headers["location"] == "/models?done=promoted"
    assert registry(models_site).active_version("sentiment") == "v1"
    assert (registry(models_site).active_pointer("sentiment")).read_text(encoding="utf-8").strip() == "v1"
    html = client.get("/models?done=promoted").text
    assert "已切换启用的模型版本" in html
    assert '<strong class="active-version">v1</strong>' in html

    missing = client.post("/models/sentiment/v9/promote", data={"csrf_token": csrf(client)})
    assert missing.status_code == 404
    assert registry(models_site).active_version("sentiment") == "v1"

    admin = client_as(Role.ADMIN)
    api = admin.post("/api/v1/models/sentiment/default/promote", headers={"X-CSRF-Token": csrf(admin)})
    assert api.status_code == 200
    body = api.json()
    assert body["task"] == "sentiment" and body["active"] == "default"
    assert [v["version"] for v in body["versions"] if v["active"]] == ["default"]
    assert registry(models_site).active_version("sentiment") == "default"


def test_api_lists_tasks_versions_and_plot_urls(
    client_as: Callable[[Role], httpx.Client], models_site: Site
) -> None:
    tasks = {t["task"]: t for t in client_as(Role.ANALYST).get("/api/v1/models").json()}
    assert set(tasks) == {"sentiment", "relevance"}
    versions = {v["version"]: v for v in tasks["sentiment"]["versions"]}
    assert versions["default"]["shipped"] and not versions["v1"]["shipped"]
    assert versions["v1"]["notes"] == f"重新训练 {PAYLOAD}"  # JSON carries the text as it is
    assert versions["v1"]["plots"] == ["/models/sentiment/v1/plots/confusion.png"]
    assert versions["default"]["metrics"]["held_out"]["macro_f1"] == pytest.approx(0.7643, abs=0.05)


def test_openapi_documents_the_models_api(client_as: Callable[[Role], httpx.Client]) -> None:
    paths = client_as(Role.ANALYST).get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/models"]
    assert "post" in paths["/api/v1/models/{task}/{version}/promote"]
    assert "/models" not in paths  # pages stay out of the API schema


def test_a_broken_card_is_reported_not_a_crash(
    client_as: Callable[[Role], httpx.Client], models_site: Site
) -> None:
    broken = registry(models_site).root / "relevance" / "v1"
    broken.mkdir(parents=True)
    (broken / "card.json").write_text("{not json", encoding="utf-8")
    try:
        client = client_as(Role.ANALYST)
        page = client.get("/models")
        assert page.status_code == 200
        assert "模型卡无法读取" in page.text
        assert client.get("/api/v1/models").status_code == 200
    finally:
        shutil.rmtree(broken)


def test_unknown_roles_paths(client_as: Callable[[Role], httpx.Client]) -> None:
    client = client_as(Role.ADMIN)
    assert client.get("/api/v1/models").status_code == 200
    token = csrf(client)
    assert client.post("/api/v1/models/nosuch/v1/promote", headers={"X-CSRF-Token": token}).status_code == 404
