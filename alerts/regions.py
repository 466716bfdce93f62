"""Administrative codes: the county → city → province hierarchy (from the code itself) and Chinese names
(from the shipped gazetteer ``config/gazetteer/regions.csv``, columns ``code,level,name,…``)."""

from __future__ import annotations

import csv
import logging
from functools import lru_cache
from pathlib import Path

from config import SHIPPED_DIR

logger = logging.getLogger(__name__)

GAZETTEER = SHIPPED_DIR / "gazetteer" / "regions.csv"


def province_of(code: str) -> str:
    return code[:2] + "0000"


def city_of(code: str) -> str:
    return code[:4] + "00"


def region_level(code: str) -> str:
    """``province``, ``city`` or ``county`` from the code's trailing zeros."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def hierarchy(code: str) -> list[str]:
    """The code and its ancestors, most local first: ``320115`` → ``[320115, 320100, 320000]``."""
    chain = [code, city_of(code), province_of(code)]
    return list(dict.fromkeys(chain))


def is_ancestor(ancestor: str, code: str) -> bool:
    return ancestor != code and ancestor in hierarchy(code)


class RegionNames:
    """Chinese names of administrative codes: ``320115`` → ``江苏省南京市江宁区``."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    @classmethod
    def load(cls, path: Path = GAZETTEER) -> RegionNames:
        return cls(_read_names(path))

    def short(self, code: str) -> str:
        """The region's own name, or the code when unknown."""
        return self.names.get(code, code)

    def full(self, code: str) -> str:
        """Province, city and county names joined, skipping unknown or repeated levels."""
        parts: list[str] = []
        for part in reversed(hierarchy(code)):
            name = self.names.get(part)
            if name and name not in parts:
                parts.append(name)
        return "".join(parts) or code


@lru_cache(maxsize=4)
def _read_names(path: Path) -> dict[str, str]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return {row["code"]: row["name"] for row in csv.DictReader(handle) if row.get("code")}
    except (OSError, KeyError) as exc:
        logger.warning("cannot read region names from %s (%s); codes are shown instead", path, exc)
        return {}
