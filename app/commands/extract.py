"""``qingshan extract FILE|URL [--json] [--source ID]``: the article extractor on one page.

How a user checks what the crawler will take from a page, and a new source's extraction rules:
``--source`` applies that configured source's rules. Errors (missing file, fetch failure, undecodable
bytes, not HTML) print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import httpx

from app.context import fail, load_settings_or_exit
from crawlers.extraction import ExtractedArticle, ExtractionError, ExtractionRules, extract_article

# Content types that are certainly not a page to extract.
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
MAX_FETCH_BYTES = 20 * 1024 * 1024
USER_AGENT = "qingshan-extract/0.1 (+https://github.com/qingshan)"


def register(group: click.Group) -> None:
    """Attach ``extract``."""
    group.add_command(extract_command)


@click.command("extract")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--source", "source_id", default=None, help="Apply this configured source's extraction rules.")
@click.option("--url", "page_url", default=None, help="The page's address, when TARGET is a saved file.")
@click.option("--timeout", default=20.0, show_default=True, help="Fetch timeout in seconds (URL targets).")
@click.pass_context
def extract_command(
    ctx: click.Context,
    target: str,
    as_json: bool,
    source_id: str | None,
    page_url: str | None,
    timeout: float,
) -> None:
    """Extract the article from a saved page (FILE) or a fetched one (URL)."""
    rules = _source_rules(ctx, source_id) if source_id else None
    if target.startswith(("http://", "https://")):
        body, content_type, page_url = fetch(target, timeout)
    else:
        body, content_type = read_file(Path(target)), None
    try:
        article = extract_article(body, url=page_url, content_type=content_type, rules=rules)
    except ExtractionError as exc:
        fail(f"{target}: {exc}")
    if as_json:
        click.echo(json.dumps(article_json(article, page_url), ensure_ascii=False))
    else:
        click.echo(article_text(article))


def read_file(path: Path) -> bytes:
    if not path.exists():
        fail(f"no such file: {path}")
    if not path.is_file():
        fail(f"not a file: {path}")
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")


def fetch(url: str, timeout: float) -> tuple[bytes, str | None, str]:
    """The body, Content-Type and final URL of ``url``; exits with a message on any failure."""
    try:
        with (
            httpx.Client(
                follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                fail(f"cannot fetch {url}: HTTP {response.status_code}")
            content_type = response.headers.get("content-type")
            if content_type and content_type.strip().lower().startswith(_BINARY_TYPES):
                fail(f"{url} is not an HTML page (Content-Type: {content_type})")
            body = _read_limited(response, url)
            return body, content_type, str(response.url)
    except httpx.HTTPError as exc:
        fail(f"cannot fetch {url}: {exc}")


def _read_limited(response: httpx.Response, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_FETCH_BYTES:
            fail(f"{url} is larger than {MAX_FETCH_BYTES // (1024 * 1024)} MB; save it and pass the file")
        chunks.append(chunk)
    return b"".join(chunks)


def article_json(article: ExtractedArticle, url: str | None) -> dict[str, Any]:
    """The ``--json`` object: title, text, published_at, author, encoding first, then the rest."""
    data = article.model_dump(mode="json")
    first = ("title", "text", "published_at", "author", "encoding")
    return {
        **{key: data[key] for key in first},
        **{k: v for k, v in data.items() if k not in first},
        "url": url,
    }


def article_text(article: ExtractedArticle) -> str:
    published = article.published_at.isoformat(sep=" ") if article.published_at else "(not found)"
    lines = [
        f"title:        {article.title or '(not found)'}",
        f"published at: {published}",
        f"author:       {article.author or '(not found)'}",
        f"origin:       {article.origin or '(not found)'}",
        f"encoding:     {article.encoding or '(text input)'}",
        f"canonical:    {article.canonical_url or '(none)'}",
        f"script:       {article.language_variant}",
        f"body from:    {article.body_source} ({len(article.text)} characters)",
        "",
        article.text or "(no body text found)",
    ]
    return "\n".join(lines)


def _source_rules(ctx: click.Context, source_id: str) -> ExtractionRules:
    settings = load_settings_or_exit((ctx.obj or {}).get("config_dir"))
    source = next((s for s in settings.sources.sources if s.id == source_id), None)
    if source is None:
        known = ", ".join(s.id for s in settings.sources.sources) or "none configured"
        fail(f"unknown source {source_id!r} (known: {known})")
    extraction = getattr(source, "extraction", None)
    if extraction is None:
        fail(f"source {source_id!r} is a {source.kind} source: it has no article extraction rules")
    try:
        return ExtractionRules(**extraction.model_dump())
    except ValueError as exc:
        fail(f"source {source_id!r} has invalid extraction rules: {exc}")
