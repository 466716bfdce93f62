"""Find when a page was published.

In order: the site's selector (with its ``date_format``), machine-readable markup (``article:published_time``,
``pubdate``, ``PubDate``, ``publishdate``… meta tags, JSON-LD ``datePublished``, ``<time datetime>``), the
byline lines just before the body (a labelled ``发布时间：`` first), the URL (``/2026/11/20/``,
``t20261120_``), and finally a labelled date anywhere on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from crawlers.extraction.dates import (
    DATE_LABEL,
    SHANGHAI,
    date_from_url,
    normalize,
    parse_datetime,
    search_datetime,
)
from crawlers.extraction.metadata import PageMetadata

# Longer lines are prose, where a date is something the article talks about.
MAX_BYLINE_CHARS = 80
PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "og:release_date",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "publish_time",
    "pub_date",
    "firstpublishedtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "weibo:article:create_at",
    "datecreated",
    "date",
)


def find_published(
    metadata: PageMetadata,
    header_lines: Sequence[str],
    page_lines: Sequence[str],
    url: str | None,
    reference: datetime | None,
) -> datetime | None:
    """The publication time, aware in Asia/Shanghai, or ``None`` when the page gives none.

    ``header_lines`` are the text lines nearest the body (the byline area), ``page_lines`` all of them.
    """
    markup = from_markup(metadata, reference)
    if markup is not None:
        return _with_clock(markup, header_lines, reference)
    return (
        from_lines(header_lines, reference)
        or (date_from_url(url, reference) if url else None)
        or from_labelled_lines(page_lines, reference)
    )


def from_markup(metadata: PageMetadata, reference: datetime | None) -> datetime | None:
    for key in PUBLISHED_META_KEYS:
        value = metadata.first(key)
        parsed = parse_datetime(value, reference) if value else None
        if parsed is not None:
            return parsed
    for value in metadata.time_values:
        parsed = parse_datetime(value, reference)
        if parsed is not None:
            return parsed
    return None


def from_lines(lines: Sequence[str], reference: datetime | None) -> datetime | None:
    """A labelled date among ``lines`` if any, else the first short line holding a full date."""
    labelled = from_labelled_lines(lines, reference)
    if labelled is not None:
        return labelled
    for line in lines:
        if len(line) <= MAX_BYLINE_CHARS:
            value = search_datetime(line, reference, partial=False)
            if value is not None:
                return value
    return None


def from_labelled_lines(lines: Sequence[str], reference: datetime | None) -> datetime | None:
    for line in lines:
        if DATE_LABEL.search(normalize(line)):
            value = search_datetime(line, reference)
            if value is not None:
                return value
    return None


def _with_clock(value: datetime, lines: Sequence[str], reference: datetime | None) -> datetime:
    """A date-only markup value (midnight) takes its clock time from a byline line of the same day."""
    if (value.hour, value.minute, value.second) != (0, 0, 0):
        return value
    precise = from_lines(lines, reference)
    if precise is not None and precise.date() == value.date():
        return precise
    return value


def from_selected_text(text: str, date_formats: Sequence[str], reference: datetime | None) -> datetime | None:
    """Parse the text a site's ``published_at`` selector picked: its ``date_formats`` first, in order."""
    for date_format in date_formats:
        try:
            value = datetime.strptime(normalize(text), date_format)
        except ValueError:
            continue
        return value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value.astimezone(SHANGHAI)
    return parse_datetime(text, reference)
