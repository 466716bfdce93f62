"""Build the domain IDF table ``nlp/keywords_idf.tsv.gz`` from the corpora in the data directory.

Run ``python -m nlp.keywords_build [--data-dir DIR] [--out FILE] [--max-words N]``. One document per text of
the news-title corpora (THUCNews, TNEWS, NLPCC 2017) and Weibo posts (SMP2020-EWECT train, NLPCC 2013,
COVID-19 Weibo), cleaned of emoticons, mentions and links: the language our sources write in. Environmental
corpora are left out on purpose, so that environmental terms (雾霾, 死鱼, 偷排) stay rare and weigh as
keywords. Only word statistics are written, never text: ``word<TAB>idf`` for the
``max_words`` words with the highest document frequency (at least ``MIN_DF``), with the document count in
the header. idf = ln((N + 1) / (df + 1)) + 1.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import logging
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from nlp.keywords import DEFAULT_IDF_PATH, is_candidate
from nlp.segmentation import default_stop_words, words
from nlp.text import clean_post

logger = logging.getLogger(__name__)

MIN_DF = 3
DEFAULT_MAX_WORDS = 60_000


def title_texts(data_dir: Path) -> Iterator[str]:
    topic = data_dir / "topic"
    for split in ("dev", "test"):
        with (topic / "thucnews_titles" / f"{split}.txt").open(encoding="utf-8") as handle:
            yield from (line.split("\t", 1)[0] for line in handle)
        with gzip.open(topic / "tnews" / f"{split}.json.gz", "rt", encoding="utf-8") as handle:
            yield from (json.loads(line)["sentence"] for line in handle)
    with gzip.open(topic / "nlpcc2017_headlines" / "test.full.word.gz", "rt", encoding="utf-8") as handle:
        yield from (line.split("\t", 1)[1].replace(" ", "") for line in handle)


def weibo_texts(data_dir: Path) -> Iterator[str]:
    sentiment = data_dir / "sentiment"
    with (sentiment / "smp2020_ewect" / "virus_train.txt").open(encoding="utf-8") as handle:
        yield from (row["content"] for row in json.load(handle))
    with (sentiment / "nlpcc2013_weibo_emotion" / "Nlpcc2013Train.tsv").open(encoding="utf-8") as handle:
        yield from (row["文本"] for row in csv.DictReader(handle))
    path = sentiment / "covid19_weibo_7emotions" / "labeledData.csv"
    with path.open(encoding="utf-8-sig") as handle:
        yield from (row["review"] for row in csv.DictReader(handle))


def document_frequencies(data_dir: Path) -> tuple[int, Counter[str]]:
    stop_words = default_stop_words()
    frequencies: Counter[str] = Counter()
    documents = 0
    for source in (title_texts, weibo_texts):
        for text in source(data_dir):
            tokens = {t for t in words(clean_post(text)) if is_candidate(t) and t not in stop_words}
            frequencies.update(tokens)
            documents += 1
    return documents, frequencies


def write_table(out: Path, documents: int, frequencies: Counter[str], max_words: int) -> int:
    kept = [(word, df) for word, df in frequencies.most_common(max_words) if df >= MIN_DF]
    kept.sort()
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write(f"# documents={documents}\n")
        for word, df in kept:
            handle.write(f"{word}\t{math.log((documents + 1) / (df + 1)) + 1:.2f}\n")
    return len(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_IDF_PATH)
    parser.add_argument("--max-words", type=int, default=DEFAULT_MAX_WORDS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    documents, frequencies = document_frequencies(args.data_dir)
    count = write_table(args.out, documents, frequencies, args.max_words)
    logger.info("wrote %s: %d words from %d documents", args.out, count, documents)


if __name__ == "__main__":
    main()
