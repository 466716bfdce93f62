"""The archive on disk: ``<home>/digests/YYYY/YYYY-MM-DD.{html,pdf,json}`` for daily digests and
``<home>/digests/monthly/YYYY-MM.{html,pdf,json}`` for briefings (the web console lists both).

The HTML embeds its charts as ``data:`` URIs so it opens offline; the JSON holds every statement
with the full ids of the items it cites. Files are replaced atomically (write, then rename).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alerts.digest.errors import DigestArchiveError
from alerts.digest.html import render_briefing_html, render_html
from alerts.digest.model import Briefing, Digest
from alerts.digest.pdf import Pdf

logger = logging.getLogger(__name__)

MONTHLY_DIRECTORY = "monthly"


@dataclass(frozen=True)
class ArchivedFiles:
    html: Path
    pdf: Path | None
    json: Path


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and zones as JSON values; chart bytes are left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "charts"
        }
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, ZoneInfo):
        return value.key
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


def digest_json(document: Digest | Briefing) -> str:
    return json.dumps(to_jsonable(document), ensure_ascii=False, indent=2)


def daily_stem(root: Path, day: date) -> Path:
    return root / f"{day:%Y}" / day.isoformat()


def monthly_stem(root: Path, month: str) -> Path:
    return root / MONTHLY_DIRECTORY / month


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_files(stem: Path, html: str, pdf: Pdf | None, payload: str) -> ArchivedFiles:
    """Write ``stem.html``, ``stem.pdf`` (when given) and ``stem.json``."""
    files = ArchivedFiles(
        stem.with_suffix(".html"), stem.with_suffix(".pdf") if pdf else None, stem.with_suffix(".json")
    )
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        _write(files.html, html.encode("utf-8"))
        if pdf is not None and files.pdf is not None:
            _write(files.pdf, pdf.data)
        _write(files.json, payload.encode("utf-8"))
    except OSError as exc:
        raise DigestArchiveError(f"cannot write the archive under {stem.parent}: {exc}") from exc
    logger.info("archived %s (.html%s .json)", stem, " .pdf" if pdf else "")
    return files


def archive_digest(digest: Digest, root: Path, pdf: Pdf | None) -> ArchivedFiles:
    """Archive a daily digest under ``root`` (``<home>/digests``)."""
    return write_files(
        daily_stem(root, digest.day), render_html(digest, images="data"), pdf, digest_json(digest)
    )


def archive_briefing(briefing: Briefing, root: Path, pdf: Pdf | None) -> ArchivedFiles:
    """Archive a monthly briefing under ``root/monthly``."""
    html = render_briefing_html(briefing, images="data")
    return write_files(monthly_stem(root, briefing.month), html, pdf, digest_json(briefing))
