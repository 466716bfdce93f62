"""Curate the shipped environmental user dictionary and stop words from envtext (Apache-2.0).

Run ``python -m nlp.training.build_dictionaries [--data-dir DIR] [--out DIR]``; it reads
``env/envtext/{env_vocab.jieba.txt,entity.txt,stop_words.txt}`` under the data directory and writes
``env_user_dict.txt`` and ``stop_words.txt`` into ``config/dictionaries/``. Only words are kept, no texts.

A word enters the user dictionary when jieba's own dictionary does not know it, it is 2–6 Chinese
characters (longer phrases hide their sub-words from search-mode segmentation), it is not an
advertising phrase, and it is either split badly by jieba (a single-character piece inside it), a
pollutant or pollution-source entity, or a frequent (≥ 5000) short environmental term.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

from config import SHIPPED_DIR, load_settings

logger = logging.getLogger(__name__)

OUT_DIR = SHIPPED_DIR / "dictionaries"
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_ADVERTISING = re.compile("报价|价格|厂家|公司|设备|多少钱|批发|供应|销售|品牌|型号|生产商|哪家|采购|出售")
_ENV_STEM = re.compile(
    "污|排|废|垃圾|碳|能源|环|水|气|生态|绿|林|湿地|河|湖|海|土|噪|辐|核|节能|保护|治理|生物|清洁|雾霾|臭氧|尘|燃|油|矿|塑"
)
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ENTITY_TYPES = frozenset({"污染物", "污染源", "治污设施"})
_CATALOGUE_FREQ = 3000  # the frequency envtext gives its scraped equipment catalogue
_FREQUENT = 5000
_COMMON_CHAR_FREQ = 14000  # a boundary piece this common is a function word (达, 入, 新, 总 ...)


@dataclass(frozen=True)
class Sources:
    """The envtext files the dictionaries are curated from."""

    vocab: Path
    entities: Path
    stop_words: Path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Sources:
        base = data_dir / "env" / "envtext"
        return cls(base / "env_vocab.jieba.txt", base / "entity.txt", base / "stop_words.txt")


def read_stop_words(path: Path) -> list[str]:
    """Stop words, one per line, without blank or whitespace-only entries, order kept."""
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), line).strip()
        if word and word.isprintable():
            seen.setdefault(word, None)
    return list(seen)


def read_entities(path: Path) -> dict[str, str]:
    """``word → type`` from ``entity.txt`` (``word type TAG`` per line)."""
    entities: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            entities.setdefault(parts[0], parts[1])
    return entities


def read_vocab(path: Path) -> Iterable[tuple[str, int]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            yield parts[0], int(parts[1])


class DictionaryCurator:
    """Decides which envtext words the user dictionary keeps (rules in the module docstring)."""

    def __init__(self, *, known: dict[str, int], stop_words: set[str], entities: dict[str, str]) -> None:
        self.known = known
        self.stop_words = stop_words
        self.entities = entities

    def keeps(self, word: str, freq: int) -> bool:
        if self.known.get(word, 0) > 0 or not _CJK_WORD.match(word) or _ADVERTISING.search(word):
            return False
        is_entity = word in self.entities
        if freq == _CATALOGUE_FREQ and not is_entity:
            return False
        pieces = [piece for piece in jieba.lcut(word, HMM=False) if piece]
        if len(pieces) > 1 and any(piece in self.stop_words for piece in pieces):
            return False
        if self._has_function_word_edge(pieces):
            return False
        if any(len(piece) == 1 for piece in pieces):
            return True
        if self.entities.get(word) in _ENTITY_TYPES:
            return True
        return freq >= _FREQUENT and len(word) <= 4 and bool(_ENV_STEM.search(word))

    def _has_function_word_edge(self, pieces: list[str]) -> bool:
        edges = (pieces[0], pieces[-1]) if len(pieces) > 1 else ()
        return any(len(p) == 1 and self.known.get(p, 0) >= _COMMON_CHAR_FREQ for p in edges)


def curate_user_dictionary(sources: Sources) -> list[tuple[str, int]]:
    """The kept ``(word, freq)`` pairs, first occurrence wins, sorted by word."""
    jieba.initialize()
    curator = DictionaryCurator(
        known=dict(jieba.dt.FREQ),
        stop_words=set(read_stop_words(sources.stop_words)),
        entities=read_entities(sources.entities),
    )
    kept: dict[str, int] = {}
    for word, freq in read_vocab(sources.vocab):
        if word not in kept and curator.keeps(word, freq):
            kept[word] = min(freq, 50000)
    return sorted(kept.items())


def write_dictionaries(sources: Sources, out_dir: Path) -> tuple[Path, Path]:
    """Write ``env_user_dict.txt`` (jieba format ``word freq``) and ``stop_words.txt``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    user_dict = out_dir / "env_user_dict.txt"
    words = curate_user_dictionary(sources)
    user_dict.write_text("".join(f"{w} {f}\n" for w, f in words), encoding="utf-8")
    stop_path = out_dir / "stop_words.txt"
    stop_path.write_text("".join(f"{w}\n" for w in read_stop_words(sources.stop_words)), encoding="utf-8")
    logger.info("wrote %d words to %s", len(words), user_dict)
    return user_dict, stop_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="third-party corpora (default: settings)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or load_settings().data_dir
    user_dict, stop_path = write_dictionaries(Sources.in_data_dir(data_dir), args.out)
    print(f"wrote {user_dict} and {stop_path}")


if __name__ == "__main__":
    main()
