"""SQL tables of the store of record, derived from the Document model (SQLAlchemy Core).

Nested models (``engagement``) become prefixed columns (``engagement_reposts``), lists become JSON,
enums their string value, datetimes UTC. The same code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import types
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    bindparam,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from indexer.document import SHANGHAI, Document

metadata = MetaData()

_INDEXED = {"source", "published_at", "sentiment", "event_id", "parent_id", "duplicate_of"}
_KEY_LENGTH = 64


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC; read back in Asia/Shanghai."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC).astimezone(SHANGHAI)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) != len(get_args(annotation))
    return annotation, False


def _sql_type(name: str, annotation: Any) -> TypeEngine[Any]:
    origin = get_origin(annotation)
    if origin is list:
        return JSON()
    base = get_args(annotation)[0] if get_args(annotation) and origin is not None else annotation
    if isinstance(base, type):
        if issubclass(base, Enum):
            return String(16)
        if issubclass(base, bool):
            return Boolean()
        if issubclass(base, int):
            return BigInteger()
        if issubclass(base, float):
            return Float()
        if issubclass(base, datetime):
            return UtcDateTime()
    return String(_KEY_LENGTH) if name.endswith("id") or name == "duplicate_of" else Text()


def document_columns() -> list[Column[Any]]:
    """One column per Document field; nested models flattened with a prefix."""
    columns: list[Column[Any]] = []
    for name, info in Document.model_fields.items():
        annotation, optional = _unwrap_optional(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for sub, sub_info in annotation.model_fields.items():
                columns.append(Column(f"{name}_{sub}", _sql_type(sub, sub_info.annotation), nullable=False))
            continue
        nullable = optional or (info.default is None and not info.is_required())
        columns.append(Column(name, _sql_type(name, annotation), primary_key=name == "id", nullable=nullable))
    return columns


documents = Table(
    "documents",
    metadata,
    *document_columns(),
    # monotonically increasing write sequence: derived indices catch up from their high-water mark
    Column("seq", BigInteger, nullable=False, unique=True),
)
for _name in sorted(_INDEXED):
    Index(f"ix_documents_{_name}", documents.c[_name])
# The rows of a list of ids (``{"ids": [...]}``), built once: a search page reads its hits with it.
documents_by_ids = select(documents).where(documents.c.id.in_(bindparam("ids", expanding=True)))

counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

_SIGNED = 2**63


def document_to_row(doc: Document) -> dict[str, Any]:
    """The SQL row for ``doc`` (without ``seq``)."""
    row: dict[str, Any] = {}
    for name in Document.model_fields:
        value = getattr(doc, name)
        if isinstance(value, BaseModel):
            for sub, sub_value in value.model_dump().items():
                row[f"{name}_{sub}"] = sub_value
        elif isinstance(value, Enum):
            row[name] = value.value
        elif name == "simhash" and value is not None:
            row[name] = value - 2**64 if value >= _SIGNED else value  # fit a signed BIGINT
        else:
            row[name] = list(value) if isinstance(value, list) else value
    return row


@functools.cache
def _row_plan() -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """Per Document field: its column, or the sub-fields of a nested model (``engagement_reposts`` ...)."""
    plan: list[tuple[str, tuple[str, ...] | None]] = []
    for name, info in Document.model_fields.items():
        annotation, _ = _unwrap_optional(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            plan.append((name, tuple(annotation.model_fields)))
        else:
            plan.append((name, None))
    return tuple(plan)


def row_to_document(row: Any) -> Document:
    """Rebuild a Document from a row mapping."""
    data: dict[str, Any] = {}
    mapping = row._mapping if hasattr(row, "_mapping") else row
    for name, nested in _row_plan():
        if nested is None:
            data[name] = mapping[name]
        else:
            data[name] = {sub: mapping[f"{name}_{sub}"] for sub in nested}
    if data.get("simhash") is not None and data["simhash"] < 0:
        data["simhash"] += 2**64
    return Document.model_validate(data)
