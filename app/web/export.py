"""CSV and Excel exports of search results.

Crawled text is hostile here too: a cell that starts with ``= + - @`` (or a tab / carriage return) would
run as a formula in a spreadsheet, so it gets a leading apostrophe, and Excel cells are always written
as text; characters XML forbids are removed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.web.labels import Labels
from indexer.document import Document
from indexer.store import SearchRequest, Store

HEADER = (
    "发布时间",
    "来源",
    "来源类型",
    "标题",
    "作者",
    "情感倾向",
    "情感概率",
    "主题",
    "地区",
    "关键词",
    "原文链接",
    "摘要",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BATCH = 500
_MAX_OFFSET = 100_000
_SUMMARY_CHARS = 300


def neutralize(value: str) -> str:
    """A cell value a spreadsheet will not evaluate."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def document_row(doc: Document, labels: Labels, tz: ZoneInfo) -> list[str]:
    summary = doc.summary or doc.text[:_SUMMARY_CHARS]
    return [
        doc.published_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        labels.source(doc.source),
        labels.source_type(doc.source_type.value),
        doc.title,
        doc.author or "",
        labels.sentiment(doc.sentiment.value if doc.sentiment else None),
        f"{doc.sentiment_score:.2f}" if doc.sentiment_score is not None else "",
        "、".join(labels.topic(t) for t in doc.topics),
        "、".join(labels.region(r) for r in doc.regions),
        "、".join(doc.keywords),
        doc.url,
        summary,
    ]


def exported_documents(store: Store, request: SearchRequest, max_rows: int) -> Iterator[Document]:
    """The documents of ``request`` in its order, at most ``max_rows``, fetched in batches."""
    offset = 0
    while offset < max_rows and offset <= _MAX_OFFSET:
        limit = min(_BATCH, max_rows - offset)
        batch = store.search(replace(request, offset=offset, limit=limit, facets=(), highlight=False))
        yield from (hit.document for hit in batch.hits)
        if len(batch.hits) < limit:
            return
        offset += limit


def to_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([neutralize(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text_cell(sheet: object, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", neutralize(value)))
    cell.data_type = "s"
    return cell


def to_xlsx(rows: Sequence[Sequence[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("检索结果")
    sheet.append([_text_cell(sheet, h) for h in HEADER])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
