"""The digest archive: files under ``<home>/digests/`` as :mod:`alerts.digest` writes them —
``YYYY/YYYY-MM-DD.{html,pdf,json}`` (舆情日报) and ``monthly/YYYY-MM.{html,pdf,json}`` (月度简报) — listed
one entry per digest, and served safely (nothing outside the directory, only known file types)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ALLOWED_SUFFIXES = {
    ".pdf": "PDF",
    ".html": "网页",
    ".htm": "网页",
    ".json": "JSON",
    ".docx": "Word",
    ".xlsx": "Excel",
    ".md": "文本",
    ".txt": "文本",
}
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".json": "application/json",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
MONTHLY_DIRECTORY = "monthly"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_MAX_FILES = 5000


@dataclass(frozen=True)
class DigestFile:
    path: str  # relative to the digests directory, with /
    kind: str  # PDF, 网页 ...
    size: int
    modified: datetime

    @property
    def inline(self) -> bool:
        return self.path.lower().endswith((".html", ".htm"))


@dataclass
class DigestEntry:
    """One digest (a day's or a month's) and its files in every format."""

    key: str  # directory/stem
    title: str
    monthly: bool
    files: list[DigestFile] = field(default_factory=list)

    @property
    def modified(self) -> datetime:
        return max(f.modified for f in self.files)


def title_of(stem: str, monthly: bool) -> str:
    if monthly and _MONTH.match(stem):
        return f"{stem[:4]}年{int(stem[5:7])}月 月度简报"
    if _DAY.match(stem):
        return f"{stem} 舆情日报"
    return stem


def _inside(base: Path, path: Path) -> bool:
    resolved = path.resolve()
    return resolved.is_file() and resolved.is_relative_to(base)


def digest_files(root: Path) -> list[tuple[Path, DigestFile]]:
    if not root.is_dir():
        return []
    base = root.resolve()
    found: list[tuple[Path, DigestFile]] = []
    for path in sorted(base.rglob("*"))[:_MAX_FILES]:
        relative = path.relative_to(base)
        hidden = any(part.startswith(".") for part in relative.parts)
        if hidden or path.suffix.lower() not in ALLOWED_SUFFIXES or not _inside(base, path):
            continue
        stat = path.stat()
        modified = datetime.fromtimestamp(stat.st_mtime, UTC)
        found.append(
            (
                relative,
                DigestFile(
                    relative.as_posix(), ALLOWED_SUFFIXES[path.suffix.lower()], stat.st_size, modified
                ),
            )
        )
    return found


def list_digests(root: Path) -> list[DigestEntry]:
    """Digests newest first (by name, which is the date), each with its files (PDF first)."""
    entries: dict[str, DigestEntry] = {}
    for relative, file in digest_files(root):
        monthly = relative.parts[0] == MONTHLY_DIRECTORY
        key = relative.with_suffix("").as_posix()
        entry = entries.setdefault(key, DigestEntry(key, title_of(relative.stem, monthly), monthly))
        entry.files.append(file)
    for entry in entries.values():
        entry.files.sort(key=lambda f: (f.kind != "PDF", f.kind != "网页", f.path))
    return sorted(entries.values(), key=lambda e: (e.key.rsplit("/", 1)[-1], e.key), reverse=True)


def resolve_digest(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root``, or None (outside, hidden, unknown type, missing)."""
    if not relative or "\x00" in relative or "\\" in relative:
        return None
    parts = relative.split("/")
    if any(part in {"", ".", ".."} or part.startswith(".") for part in parts):
        return None
    base = root.resolve()
    candidate = (base / relative).resolve()
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate if candidate.suffix.lower() in ALLOWED_SUFFIXES else None
