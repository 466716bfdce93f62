"""Traditional → Simplified Chinese: detect which script a text is written in and convert it for analysis.

Detection counts characters that exist only in one script, using OpenCC's own character tables
(opencc-python-reimplemented); conversion is OpenCC's ``t2s`` (phrases first, then characters).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import opencc

ScriptVariant = Literal["simplified", "traditional"]
# A text is Traditional when at least this many, and this share, of its Han characters are
# Traditional-only, and they outnumber Simplified-only characters this many times.
MIN_TRADITIONAL_CHARS = 2
MIN_TRADITIONAL_SHARE = 0.01
DOMINANCE = 3

_DICTIONARY_DIR = Path(opencc.__file__).resolve().parent / "dictionary"


def detect_variant(text: str) -> ScriptVariant:
    """``"traditional"`` when ``text`` is written in Traditional characters, else ``"simplified"``."""
    traditional_only, simplified_only = _script_only_characters()
    traditional = sum(1 for char in text if char in traditional_only)
    if traditional < MIN_TRADITIONAL_CHARS:
        return "simplified"
    han = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    simplified = sum(1 for char in text if char in simplified_only)
    if traditional >= MIN_TRADITIONAL_SHARE * han and traditional > DOMINANCE * simplified:
        return "traditional"
    return "simplified"


def to_simplified(text: str) -> str:
    """``text`` converted to Simplified Chinese (unchanged characters stay as they are)."""
    return str(_converter().convert(text)) if text else text


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _script_only_characters() -> tuple[frozenset[str], frozenset[str]]:
    to_simplified_map = _read_table("TSCharacters.txt")
    to_traditional_map = _read_table("STCharacters.txt")
    traditional = {char for char, targets in to_simplified_map.items() if char not in targets}
    simplified = {char for char, targets in to_traditional_map.items() if char not in targets}
    shared = traditional & simplified
    return frozenset(traditional - shared), frozenset(simplified - shared)


def _read_table(name: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in (_DICTIONARY_DIR / name).read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets:
            table[source] = targets.split()
    return table
