"""Reduce the jionlp polarity lexicon (Apache-2.0) to the words that occur in Weibo text.

``python -m nlp.training.build_lexicon [--data-dir DIR] [--min-count N]`` reads
``gazetteer/jionlp/sentiment_words.zip`` and the Weibo sentiment corpora of the data directory and
writes ``config/dictionaries/sentiment_lexicon.txt`` (``word score``). Only lexicon words are kept.
"""

from __future__ import annotations

import argparse
import zipfile
from collections import Counter
from pathlib import Path

from config import load_settings
from nlp.segmentation import DICTIONARY_DIR, words
from nlp.text import clean_post
from nlp.training.corpora import require, sentiment_training

OUT = DICTIONARY_DIR / "sentiment_lexicon.txt"


def jionlp_lexicon(data_dir: Path) -> dict[str, float]:
    path = require(data_dir / "gazetteer" / "jionlp" / "sentiment_words.zip")
    with zipfile.ZipFile(path) as archive:
        text = archive.read("sentiment_words.txt").decode("utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        word, _, score = line.partition("\t")
        if word and score:
            table[word] = float(score)
    return table


def build_lexicon(data_dir: Path, min_count: int) -> dict[str, float]:
    """Lexicon words (2–4 characters) seen at least ``min_count`` times as words in the Weibo corpora."""
    lexicon = jionlp_lexicon(data_dir)
    counts: Counter[str] = Counter()
    for example in sentiment_training(data_dir):
        counts.update(w for w in words(clean_post(example.text)) if w in lexicon)
    return {w: lexicon[w] for w, n in sorted(counts.items()) if n >= min_count and 2 <= len(w) <= 4}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--min-count", type=int, default=5)
    args = parser.parse_args(argv)
    table = build_lexicon(args.data_dir or load_settings().data_dir, args.min_count)
    header = "# jionlp sentiment_words (Apache-2.0), reduced to Weibo vocabulary; word score (-2..2)\n"
    OUT.write_text(header + "".join(f"{w} {s:g}\n" for w, s in table.items()), encoding="utf-8")
    print(f"wrote {len(table)} words to {OUT}")


if __name__ == "__main__":
    main()
