"""Analyst labels: the most uncertain recent items out as a CSV, the labelled CSV back in as training data.

``qingshan nlp label-export --task sentiment -n 200`` writes the stored items of the last days whose
prediction is least certain (sentiment: the lowest top-class probability; relevance: P(environment)
closest to the threshold), with columns ``id,text,title,predicted,probability,label``. An analyst
fills ``label`` (正面/中性/负面 or positive/neutral/negative; 环境/其他 or environment/other) and
``qingshan nlp label-import FILE.csv --task sentiment --by NAME`` stores each labelled row with who
labelled it and when in the ``nlp_labels`` table of the state database (SQLAlchemy Core, its own
MetaData). Rows with an empty label are skipped and counted; an unknown label or a missing column
aborts the import with the row number, and nothing is written. Importing the same text again for the
same task replaces its label (the key is the task and the text's SHA-256 without whitespace).

Training reads them with :func:`analyst_examples` as ``LabeledText(source="analyst:<name>")`` rows;
they are training data only, never part of a held-out set (``nlp.training.datasets``).
"""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, UniqueConstraint, select
from sqlalchemy.dialects import postgresql, sqlite

from app.service.database import ServiceDatabase
from app.service.tables import UtcDateTime
from indexer.document import Document
from indexer.store import SearchFilters, SearchRequest, SortOrder, Store
from nlp.errors import LabelError
from nlp.relevance import parse_relevance
from nlp.sentiment import parse_sentiment
from nlp.training.corpora import LabeledText

logger = logging.getLogger(__name__)

TASKS = ("sentiment", "relevance")
EXPORT_COLUMNS = ("id", "text", "title", "predicted", "probability", "label")
REQUIRED_COLUMNS = ("text", "label")
SEARCH_PAGE = 1000

metadata = MetaData()

labels = Table(
    "nlp_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task", String(16), nullable=False),
    Column("text_key", String(64), nullable=False),  # SHA-256 of the text without whitespace
    Column("doc_id", String(64)),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("labeled_by", String(100), nullable=False),
    Column("labeled_at", UtcDateTime, nullable=False),
    Column("source_file", Text, nullable=False),
    UniqueConstraint("task", "text_key", name="uq_nlp_labels_task_text"),
)


@dataclass(frozen=True)
class Candidate:
    """A stored item to label and what the current model predicts for it."""

    doc: Document
    predicted: str
    probability: float  # top-class probability (sentiment) or P(environment) (relevance)
    uncertainty: float  # lower is less certain


@dataclass(frozen=True)
class LabelRow:
    """One labelled row of an imported CSV."""

    line: int
    doc_id: str | None
    title: str
    text: str
    label: str


@dataclass(frozen=True)
class ImportResult:
    stored: int
    skipped_empty: int


def check_task(task: str) -> str:
    if task not in TASKS:
        raise LabelError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
    return task


def parse_label(task: str, label: str) -> str:
    """The canonical label (``negative``, ``environment`` ...); LabelError for anything else."""
    return parse_sentiment(label) if check_task(task) == "sentiment" else parse_relevance(label)


def text_key(title: str, text: str) -> str:
    return hashlib.sha256("".join(f"{title}\n{text}".split()).encode("utf-8")).hexdigest()


def model_text(title: str, text: str) -> str:
    """The text a model sees for an item: the title and the body joined as the analysis joins them."""
    return f"{title} {text}" if title and text else title or text


# export -------------------------------------------------------------------------------------------


def recent_documents(store: Store, since: datetime, *, limit: int) -> Iterator[Document]:
    """Stored documents published since ``since``, newest first, at most ``limit``."""
    offset = 0
    while offset < limit:
        request = SearchRequest(
            filters=SearchFilters(since=since),
            sort=SortOrder.TIME,
            offset=offset,
            limit=min(SEARCH_PAGE, limit - offset),
            highlight=False,
        )
        hits = store.search(request).hits
        yield from (hit.document for hit in hits)
        if len(hits) < request.limit:
            return
        offset += len(hits)


def uncertain_candidates(
    documents: Iterable[Document], task: str, model: Any, *, count: int, max_chars: int = 3000
) -> list[Candidate]:
    """The ``count`` documents ``model`` is least sure about, least sure first (ties: input order).

    Sentiment: the lowest top-class probability; relevance: P(environment) closest to the threshold.
    """
    docs = list(documents)
    if not docs or count <= 0:
        return []
    texts = [model_text(doc.title, doc.text[:max_chars]) for doc in docs]
    candidates = []
    if check_task(task) == "sentiment":
        for doc, result in zip(docs, model.predict(texts), strict=True):
            candidates.append(Candidate(doc, result.label, float(result.score), float(result.score)))
    else:
        threshold = float(getattr(model, "threshold", 0.5))
        for doc, result in zip(docs, model.predict(texts), strict=True):
            predicted = "environment" if result.relevant else "other"
            p = float(result.probability)
            candidates.append(Candidate(doc, predicted, p, abs(p - threshold)))
    return sorted(candidates, key=lambda c: c.uncertainty)[:count]


def since_days(days: float, now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) - timedelta(days=days)


def write_export(handle: TextIO, candidates: Sequence[Candidate]) -> None:
    writer = csv.writer(handle)
    writer.writerow(EXPORT_COLUMNS)
    for c in candidates:
        writer.writerow([c.doc.id, c.doc.text, c.doc.title, c.predicted, f"{c.probability:.4f}", ""])


# import -------------------------------------------------------------------------------------------


def read_label_rows(handle: TextIO, task: str, *, name: str) -> tuple[list[LabelRow], int]:
    """Labelled rows of a CSV (labels canonical) and the number of rows without a label.

    LabelError names ``name`` and the line for a missing column or an unknown label.
    """
    reader = csv.DictReader(handle)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise LabelError(
            f"{name}: missing column(s) {', '.join(missing)}; expected {','.join(EXPORT_COLUMNS)}"
        )
    rows: list[LabelRow] = []
    empty = 0
    for number, record in enumerate(reader, start=1):
        where = f"{name}: row {number} (line {reader.line_num})"
        raw = (record.get("label") or "").strip()
        if not raw:
            empty += 1
            continue
        text, title = (record.get("text") or "").strip(), (record.get("title") or "").strip()
        if not text and not title:
            raise LabelError(f"{where}: the row has a label but no text")
        try:
            label = parse_label(task, raw)
        except LabelError as exc:
            raise LabelError(f"{where}: {exc}") from exc
        rows.append(LabelRow(number, (record.get("id") or "").strip() or None, title, text, label))
    return rows, empty


class LabelStore:
    """The ``nlp_labels`` table in the state database."""

    def __init__(self, database: ServiceDatabase) -> None:
        self.database = database

    @classmethod
    def open_at(cls, database_url: str) -> LabelStore:
        database = ServiceDatabase(database_url)
        database.open()
        store = cls(database)
        metadata.create_all(database.engine)
        return store

    def close(self) -> None:
        self.database.close()

    def add(
        self, task: str, rows: Iterable[LabelRow], *, by: str, source_file: str, at: datetime | None = None
    ) -> int:
        """Store ``rows`` (one transaction); a text labelled before for ``task`` gets the new label."""
        check_task(task)
        if not by.strip():
            raise LabelError("say who labelled the rows (--by NAME)")
        when = at or datetime.now(UTC)
        values = [
            {
                "task": task,
                "text_key": text_key(row.title, row.text),
                "doc_id": row.doc_id,
                "title": row.title,
                "text": row.text,
                "label": row.label,
                "labeled_by": by.strip(),
                "labeled_at": when,
                "source_file": source_file,
            }
            for row in rows
        ]
        if not values:
            return 0
        unique = list({v["text_key"]: v for v in values}.values())  # the last row of a text wins
        with self.database.begin() as connection:
            insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(labels)
            replaced = {
                c: insert.excluded[c]
                for c in ("doc_id", "title", "text", "label", "labeled_by", "labeled_at", "source_file")
            }
            connection.execute(
                insert.on_conflict_do_update(index_elements=["task", "text_key"], set_=replaced), unique
            )
        return len(unique)

    def examples(self, task: str) -> list[LabeledText]:
        """Every stored label of ``task`` as training rows, oldest first."""
        query = (
            select(labels).where(labels.c.task == check_task(task)).order_by(labels.c.labeled_at, labels.c.id)
        )
        with self.database.connect() as connection:
            return [
                LabeledText(
                    text=model_text(row.title, row.text),
                    label=row.label,
                    source=f"analyst:{row.labeled_by}",
                    original=row.labeled_at.isoformat(timespec="seconds"),
                )
                for row in connection.execute(query)
            ]


def import_labels(store: LabelStore, path: Path, task: str, *, by: str) -> ImportResult:
    """Read ``path`` completely, then store its labelled rows (nothing is stored if a row is bad)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows, empty = read_label_rows(handle, task, name=str(path))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise LabelError(f"cannot read {path}: {exc}") from exc
    stored = store.add(task, rows, by=by, source_file=path.name)
    return ImportResult(stored, empty)


def analyst_examples(database_url: str, task: str) -> list[LabeledText]:
    """The analysts' labels of ``task`` as training rows (``source`` is ``analyst:<name>``)."""
    store = LabelStore.open_at(database_url)
    try:
        return store.examples(task)
    finally:
        store.close()
