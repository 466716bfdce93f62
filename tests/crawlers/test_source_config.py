"""sources.yaml: the shipped defaults load, and mistakes are reported by file and key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError, load_settings
from config.models.sources import BoardSource, FeedSource, SiteSource, WeiboSource


def write_sources(tmp_path: Path, text: str) -> Path:
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_sources_cover_every_kind() -> None:
    settings = load_settings(None)
    kinds = {type(s) for s in settings.sources.sources}
    assert kinds == {SiteSource, FeedSource, WeiboSource, BoardSource}
    weibo = next(s for s in settings.sources.sources if isinstance(s, WeiboSource))
    assert any(a.name == "生态环境部" and a.official for a in weibo.accounts)


def test_cookie_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QS_TEST_COOKIE", "SUB=abc")
    config = write_sources(
        tmp_path,
        'sources:\n  - {id: w, name: w, kind: weibo, cookie: {"$env": QS_TEST_COOKIE}}\n',
    )
    source = load_settings(config).sources.sources[0]
    assert isinstance(source, WeiboSource)
    assert source.cookie == "SUB=abc"


@pytest.mark.parametrize(
    ("yaml_text", "key_path", "message"),
    [
        ("sources:\n  - {id: a, name: a, kind: rss, feed_urls: [http://x/]}\n", "sources[0]", "kind"),
        (
            "sources:\n  - {id: a, name: a, kind: feed, feed_urls: [http://x/], selector: x}\n",
            "sources[0].feed.selector",
            "unknown key",
        ),
        (
            "sources:\n  - {id: a, name: a, kind: feed, feed_urls: [ftp://x/]}\n",
            "sources[0].feed.feed_urls[0]",
            "http",
        ),
        (
            "sources:\n  - {id: a, name: a, kind: site, start_urls: [http://x/], extraction: {title: h1}}\n",
            "sources[0].site.extraction.title",
            "pattern",
        ),
        (
            "sources:\n  - {id: a, name: a, kind: site, start_urls: [http://x/], article_links: {allow: ['(']}}\n",
            "sources[0].site.article_links.allow[0]",
            "regular expression",
        ),
        (
            "sources:\n  - {id: a, name: a, kind: board, list_url: http://x/, items_path: d, fields: {title: t}, item_url: 'http://x/{id}'}\n",
            "sources[0].board",
            "fields.id",
        ),
        (
            "sources:\n  - {id: a, name: a, kind: feed, feed_urls: [http://x/]}\n  - {id: a, name: b, kind: feed, feed_urls: [http://y/]}\n",
            "sources",
            "used twice",
        ),
        ("crawl: {max_page_bytes: 10}\nsources: []\n", "crawl.max_page_bytes", "greater than or equal"),
    ],
)
def test_mistakes_name_the_key(tmp_path: Path, yaml_text: str, key_path: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(write_sources(tmp_path, yaml_text))
    issues = [str(issue) for issue in raised.value.issues]
    assert any(key_path in issue and message in issue for issue in issues), issues
