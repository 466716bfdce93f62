"""Helpers for crawl tests: a config directory pointing sources at the sample web, a real `qingshan crawl`
process, and reads of what it stored (the store, the crawl state, the sample web's request log)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from app.sampleweb import SampleWeb
from app.wiring import open_store
from config import load_settings
from crawlers.health import SourceHealth
from crawlers.state import CrawlState
from indexer.document import Document

QINGSHAN = [sys.executable, "-m", "app"]

# Fast and small: no politeness delays, short timeouts, quick retries, degraded after one failed run.
FAST_CRAWL: dict[str, Any] = {
    "download_delay_s": 0,
    "retries": 1,
    "retry_backoff_s": 0.05,
    "retry_backoff_max_s": 0.1,
    "autothrottle": False,
    "concurrent_requests_per_domain": 8,
    "store_batch_size": 50,
    "store_flush_s": 0.3,
    "max_page_bytes": 1048576,
    "health": {"failures_to_degrade": 1},
}


def sample_sources(base: str) -> str:
    """Sources of every kind, written for the sample web's shapes (see app/sampleweb/README.md)."""
    return f"""
  - id: newsa
    name: 青岚新闻网 环境
    kind: site
    start_urls: [{base}/newsa/env/index.html]
    article_links: {{allow: ['/newsa/n1/\\d{{4}}/\\d{{4}}/c\\d+-\\d+\\.html']}}
    pagination: {{next: "xpath://div[@class='page_n']/a[contains(., '下一页')]/@href"}}
    max_depth: 5
  - id: newsa-society
    name: 青岚新闻网 社会
    kind: site
    start_urls: [{base}/newsa/society/index.html]
    article_links: {{allow: ['/newsa/n1/\\d{{4}}/\\d{{4}}/c\\d+-\\d+\\.html']}}
    pagination: {{next: "xpath://div[@class='page_n']/a[contains(., '下一页')]/@href"}}
    max_depth: 1
  - id: newsb
    name: 云溪资讯网 环保
    kind: site
    start_urls: [{base}/newsb/hbxw/list.shtml]
    article_links: {{allow: ['/newsb/hbxw/\\d{{6}}/t\\d{{8}}_\\d+\\.shtml']}}
    pagination: {{next: "xpath://div[@class='pages']/a[contains(., '下一页')]/@href"}}
    max_depth: 5
  - id: bureau
    name: 泾县生态环境分局
    kind: site
    source_type: official
    start_urls: [{base}/bureau/xwfb/index.html]
    article_links: {{allow: ['/bureau/xwfb/\\d{{6}}/t\\d{{8}}_\\d+\\.html']}}
    pagination: {{url_template: '{base}/bureau/xwfb/index_{{page}}.html', first_page: 1}}
    max_depth: 5
  - id: rss
    name: 样例 RSS
    kind: feed
    feed_urls: [{base}/feeds/rss.xml]
    max_items_per_run: 5
  - id: atom
    name: 样例 Atom
    kind: feed
    feed_urls: [{base}/feeds/atom.xml]
    fetch_articles: false
  - id: weibo
    name: 样例微博
    kind: weibo
    api_base: {base}/weibo
    search: {{plans: [], keywords: [死鱼, 泾县]}}
    accounts: [{{name: 泾县生态环境, uid: "7712345001"}}]
    delay_min_s: 0
    delay_max_s: 0.01
    max_pages: 3
  - id: board
    name: 样例留言板
    kind: board
    list_url: {base}/board/api/threads/list?page={{page}}&rows=10
    items_path: responseData.list
    fields:
      id: tid
      title: threadsTitle
      content: threadsContent
      region: area.areaCode
      time: dateline
      reply_status: stateInfo
      reply_text: reply.replyContent
      reply_time: reply.replyTime
      reply_author: reply.replyOrg
    item_url: {base}/board/threads/content?tid={{id}}
    replied_values: [已回复]
    max_pages: 5
"""


def write_config(
    directory: Path, sources: str, *, timeout: float = 5.0, workers: int = 1, **crawl: Any
) -> Path:
    """A config directory: home inside it, FAST_CRAWL (plus ``crawl`` overrides) and ``sources``."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "settings.yaml").write_text(f"home: {directory / 'var'}\n", encoding="utf-8")
    settings = {**FAST_CRAWL, "download_timeout_s": timeout, "extraction_workers": workers, **crawl}
    header = yaml.safe_dump({"crawl": settings}, allow_unicode=True)
    (directory / "sources.yaml").write_text(f"{header}sources:{sources}", encoding="utf-8")
    return directory


def run_qingshan(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QINGSHAN_CONFIG": str(config), "COLUMNS": "200"}
    return subprocess.run(
        [*QINGSHAN, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def sources_command(config: Path, *args: str) -> str:
    """``qingshan sources`` run in this process (no reactor involved: no need for a child process)."""
    from click.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["--config", str(config), "sources", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def crawl_once(config: Path, *source_ids: str) -> subprocess.CompletedProcess[str]:
    targets = list(source_ids) or ["--all"]
    result = run_qingshan(config, "crawl", *targets, "--once", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


def stored_documents(config: Path) -> list[Document]:
    store = open_store(load_settings(config), read_only=True)
    try:
        return list(store.iter_documents())
    finally:
        store.close()


def source_health(config: Path) -> dict[str, SourceHealth]:
    with CrawlState(load_settings(config).database_url()) as state:
        return {h.source: h for h in state.all_health()}


def control(web: SampleWeb, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{web.base_url}/_control/{path}", data=data, method="POST" if data else "GET"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def requests_by_path(web: SampleWeb) -> dict[str, dict[str, int]]:
    """The sample web's request log since the last reset: path → {status: count}."""
    log: dict[str, dict[str, int]] = control(web, "requests")["by_path"]
    return log


def all_channel_sources(base: str, source_ids: tuple[str, ...], **options: Any) -> str:
    """These sources of :func:`sample_sources`, reading every list of the two news sites, deep enough to reach
    their oldest items, each with ``options`` (e.g. interval bounds)."""
    sources = sample_sources(base)
    sources = sources.replace(
        f"start_urls: [{base}/newsa/env/index.html]",
        f"start_urls: [{base}/newsa/env/index.html, {base}/newsa/local/index.html, {base}/newsa/society/index.html]",
    )
    sources = sources.replace(
        f"start_urls: [{base}/newsb/hbxw/list.shtml]",
        f"start_urls: [{base}/newsb/hbxw/list.shtml, {base}/newsb/shxw/list.shtml]",
    )
    sources = sources.replace("'/newsb/hbxw/\\d{6}", "'/newsb/\\w+/\\d{6}")
    sources = sources.replace("max_depth: 5", "max_depth: 20").replace("max_pages: 5", "max_pages: 20")
    blocks = [b for b in sources.split("\n  - id: ") if b.strip()]
    kept = [b for b in blocks if b.split("\n", 1)[0] in source_ids]
    extra = "".join(f"\n    {key}: {value}" for key, value in options.items())
    return "".join(f"\n  - id: {b.rstrip()}{extra}\n" for b in kept)
