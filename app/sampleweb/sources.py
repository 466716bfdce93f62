"""Sources configured for the sample web (its shapes, see README.md here) — used by the demo and the tests.

``sample_sources_yaml(base_url)`` is the ``sources:`` list of every spider kind pointed at a running
sample web; ``FAST_CRAWL`` is a ``crawl:`` section without politeness delays for loopback runs.
"""

from __future__ import annotations

from pathlib import Path

# Fast and small: no politeness delays, short timeouts, quick retries, inline extraction.
FAST_CRAWL = """crawl:
  download_delay_s: 0
  download_timeout_s: {timeout}
  retries: 1
  retry_backoff_s: 0.05
  retry_backoff_max_s: 0.1
  autothrottle: false
  concurrent_requests_per_domain: 8
  extraction_workers: {workers}
  store_batch_size: 50
  store_flush_s: 0.3
  max_page_bytes: 1048576
  health: {{failures_to_degrade: 1}}
"""


def sample_sources_yaml(base: str) -> str:
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
    region: "341823"
    start_urls: [{base}/bureau/xwfb/index.html]
    article_links: {{allow: ['/bureau/xwfb/\\d{{6}}/t\\d{{8}}_\\d+\\.html']}}
    pagination: {{url_template: '{base}/bureau/xwfb/index_{{page}}.html', first_page: 1}}
    max_depth: 5
  - id: rss
    name: 样例 RSS
    kind: feed
    feed_urls: [{base}/feeds/rss.xml]
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


def write_sample_config(
    directory: Path,
    base_url: str,
    *,
    home: Path | None = None,
    timeout: float = 5.0,
    workers: int = 1,
    extra: str = "",
) -> Path:
    """A user config directory whose sources are the sample web's; returns ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "settings.yaml").write_text(f"home: {home or directory / 'var'}\n", encoding="utf-8")
    crawl = FAST_CRAWL.format(timeout=timeout, workers=workers) + extra
    (directory / "sources.yaml").write_text(
        f"{crawl}sources:{sample_sources_yaml(base_url)}", encoding="utf-8"
    )
    return directory
