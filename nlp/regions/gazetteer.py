"""The administrative gazetteer: regions with 6-digit codes, their names and the surface forms that name them.

The shipped table is ``config/gazetteer/regions.csv`` (built by :mod:`nlp.regions.gazetteer_build`);
``config/gazetteer/context_required.txt`` lists surface forms that are also ordinary words (和平, 东方, 城区)
and count only when the text corroborates them; ``config/gazetteer/landmarks.csv`` maps well-known lakes,
mountains and sites to the region they lie in (a landmark replaces a same-named short form: 太湖 is the lake
in 江苏, not 太湖县).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from config import SHIPPED_DIR
from nlp.regions.errors import GazetteerError

logger = logging.getLogger(__name__)

FIELDS = ("code", "level", "name", "short", "aliases", "parent")


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class FormKind(StrEnum):
    """How a surface form names its region."""

    FULL = "full"  # the official name, 嘉定区
    SHORT = "short"  # the name without its suffix, 嘉定
    ALIAS = "alias"  # a former or colloquial name, 郫县, 内蒙
    LANDMARK = "landmark"  # a lake, mountain or site inside the region, 太湖, 青城山


@dataclass(frozen=True, slots=True)
class Region:
    """One province, city or county-level unit."""

    code: str
    level: Level
    name: str
    short: str
    parent: str  # "" for provinces
    aliases: tuple[str, ...] = ()

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"


@dataclass(frozen=True, slots=True)
class Form:
    """A surface form and the region it may name."""

    code: str
    kind: FormKind


def shipped_directory() -> Path:
    """``config/gazetteer/`` of the installed configuration package."""
    return SHIPPED_DIR / "gazetteer"


class Gazetteer:
    """Regions by code, surface forms by text, and the ancestry of every code."""

    def __init__(
        self,
        regions: Iterable[Region],
        context_required: Iterable[str] = (),
        landmarks: Mapping[str, str] | None = None,
    ) -> None:
        self.regions: dict[str, Region] = {region.code: region for region in regions}
        self.context_required = frozenset(context_required)
        self.forms: dict[str, tuple[Form, ...]] = self._index_forms()
        for surface, code in (landmarks or {}).items():
            self.forms[surface] = (Form(code, FormKind.LANDMARK),)
        # forms that may name a province or a city, and are not ordinary words
        self.major_forms = frozenset(
            surface
            for surface, forms in self.forms.items()
            if surface not in self.context_required
            and any(self.regions[form.code].level is not Level.COUNTY for form in forms)
        )
        # first two characters of every form → the longest form starting with them
        self.prefixes: dict[str, int] = {}
        for surface in self.forms:
            key = surface[:2]
            self.prefixes[key] = max(self.prefixes.get(key, 0), len(surface))
        self.first_characters = frozenset(surface[0] for surface in self.forms)
        self._ancestors: dict[str, tuple[str, ...]] = {}  # a memo of ancestors()

    @classmethod
    def load(cls, directory: Path | None = None) -> Gazetteer:
        """Read ``regions.csv``, ``context_required.txt`` and ``landmarks.csv`` from ``directory``
        (default: the shipped ``config/gazetteer/``); raises :class:`GazetteerError`."""
        directory = directory or shipped_directory()
        path = directory / "regions.csv"
        landmarks = read_landmarks(directory / "landmarks.csv")
        gazetteer = cls(read_regions(path), read_word_list(directory / "context_required.txt"), landmarks)
        gazetteer.check_parents(path)
        unknown = sorted(code for code in landmarks.values() if code not in gazetteer.regions)
        if unknown:
            raise GazetteerError(f"{directory / 'landmarks.csv'}: unknown region codes {unknown}")
        logger.debug("gazetteer %s: %d regions, %d forms", path, len(gazetteer.regions), len(gazetteer.forms))
        return gazetteer

    def _index_forms(self) -> dict[str, tuple[Form, ...]]:
        index: dict[str, list[Form]] = {}
        for region in self.regions.values():
            for surface, kind in self._surfaces(region):
                if len(surface) < 2:
                    continue
                entries = index.setdefault(surface, [])
                if all(form.code != region.code for form in entries):
                    entries.append(Form(region.code, kind))
        return {surface: tuple(forms) for surface, forms in index.items()}

    def _surfaces(self, region: Region) -> list[tuple[str, FormKind]]:
        surfaces = [(region.name, FormKind.FULL)]
        if region.short:
            surfaces.append((region.short, FormKind.SHORT))
        surfaces.extend((alias, FormKind.ALIAS) for alias in region.aliases)
        return surfaces

    def check_parents(self, path: Path) -> None:
        """Every parent exists and differs from its child; raises :class:`GazetteerError`."""
        for region in self.regions.values():
            if region.parent and (region.parent == region.code or region.parent not in self.regions):
                raise GazetteerError(f"{path}: {region.code} has the bad parent {region.parent!r}")

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The codes above ``code``, nearest first (a county's city, then its province)."""
        found = self._ancestors.get(code)
        if found is None:
            found = self._climb(code)
            if code in self.regions:  # the memo holds the gazetteer's codes only
                self._ancestors[code] = found
        return found

    def _climb(self, code: str) -> tuple[str, ...]:
        chain: list[str] = []
        region = self.regions.get(code)
        while region is not None and region.parent and region.parent not in chain:
            chain.append(region.parent)
            region = self.regions.get(region.parent)
        return tuple(chain)

    def is_ancestor(self, ancestor: str, code: str) -> bool:
        return ancestor in self.ancestors(code)

    def lineage(self, code: str) -> tuple[str, ...]:
        """``code`` and its ancestors."""
        return (code, *self.ancestors(code))


def read_regions(path: Path) -> list[Region]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != FIELDS:
                raise GazetteerError(f"{path}: expected the columns {','.join(FIELDS)}")
            records = list(reader)
    except OSError as exc:
        raise GazetteerError(f"cannot read the gazetteer {path}: {exc}") from exc
    return [parse_region(path, record) for record in records]


def parse_region(path: Path, record: dict[str, str]) -> Region:
    code = record["code"]
    if len(code) != 6 or not code.isdigit():
        raise GazetteerError(f"{path}: bad code {code!r}; codes have six digits")
    try:
        level = Level(record["level"])
    except ValueError as exc:
        raise GazetteerError(f"{path}: {code} has the unknown level {record['level']!r}") from exc
    aliases = tuple(filter(None, record["aliases"].split("|")))
    return Region(code, level, record["name"], record["short"], record["parent"], aliases)


def read_word_list(path: Path) -> list[str]:
    """One word per line; ``#`` starts a comment."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"cannot read the word list {path}: {exc}") from exc
    return [word for line in lines if (word := line.split("#", 1)[0].strip())]


def read_landmarks(path: Path) -> dict[str, str]:
    """``surface,code`` rows: a landmark and the region it lies in."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return {row["surface"]: row["code"] for row in csv.DictReader(handle)}
    except (OSError, KeyError) as exc:
        raise GazetteerError(
            f"cannot read the landmarks {path}: {exc!r}; expected columns surface,code"
        ) from exc
