"""Readers for the third-party corpora in the data directory, mapped to our labels.

Nothing here is copied into the repository: every reader takes the data directory
(``settings.data_dir``) and raises :class:`nlp.errors.DataMissingError` naming the missing file.
Sentiment mappings follow ../shared/data/README.md; relevance positives are environmental texts,
negatives are news titles (none of those corpora has an environment class).
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import DataMissingError
from nlp.text import strip_emoticons

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LabeledText:
    """One training or evaluation example; ``source`` names its corpus, ``original`` its own label."""

    text: str
    label: str
    source: str
    original: str = ""


SMP2020_MAP = {
    "happy": "positive",
    "neutral": "neutral",
    "angry": "negative",
    "sad": "negative",
    "fear": "negative",
}
NLPCC2013_MAP = {"none": "neutral", "like": "positive", "happiness": "positive"}  # the rest → negative
# labeledData.csv: 0 fear, 1 disgust, 2 optimism, 3 surprise (dropped), 4 gratitude, 5 sadness, 6 anger
COVID19_MAP = {
    "0": "negative",
    "1": "negative",
    "2": "positive",
    "4": "positive",
    "5": "negative",
    "6": "negative",
}
SMP2020_TRAIN = ("virus_train.txt",)
SMP2020_HELD_OUT = ("usual_eval_labeled.txt", "virus_eval_labeled.txt")


def require(path: Path) -> Path:
    if not path.exists():
        raise DataMissingError(
            f"{path} is missing; point settings.data_dir at ../shared/data (see its README)"
        )
    return path


def smp2020(data_dir: Path, files: Iterable[str]) -> list[LabeledText]:
    """SMP2020-EWECT Weibo posts: happy→positive, neutral→neutral, angry/sad/fear→negative, surprise dropped."""
    out: list[LabeledText] = []
    for name in files:
        path = require(data_dir / "sentiment" / "smp2020_ewect" / name)
        for row in json.loads(path.read_text(encoding="utf-8")):
            label = SMP2020_MAP.get(row["label"])
            if label is not None and row["content"].strip():
                out.append(LabeledText(row["content"], label, f"smp2020/{name}", row["label"]))
    return out


def nlpcc2013(data_dir: Path) -> list[LabeledText]:
    """NLPCC 2013 Weibo emotions: none→neutral, like/happiness→positive, the rest→negative."""
    path = require(data_dir / "sentiment" / "nlpcc2013_weibo_emotion" / "Nlpcc2013Train.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return [
        LabeledText(text, NLPCC2013_MAP.get(tag, "negative"), "nlpcc2013", tag)
        for tag, text, *_ in rows
        if strip_emoticons(text).strip()
    ]


def weibo_senti_100k(data_dir: Path) -> list[LabeledText]:
    """weibo_senti_100k (1→positive, 0→negative) with the emoticons that made its labels stripped."""
    out: list[LabeledText] = []
    for path in sorted(require(data_dir / "sentiment" / "weibo_senti_100k_partial").glob("*.tsv.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                label, _, rest = line.rstrip("\n").partition("\t")
                text = strip_emoticons(rest.rpartition("\t")[0]).strip()
                if label in {"0", "1"} and text and "??" not in text:
                    polarity = "positive" if label == "1" else "negative"
                    out.append(LabeledText(text, polarity, "weibo_senti_100k", polarity))
    return out


def covid19_weibo(data_dir: Path) -> list[LabeledText]:
    """COVID-19 Weibo emotions: optimism/gratitude→positive, fear/disgust/sadness/anger→negative."""
    path = require(data_dir / "sentiment" / "covid19_weibo_7emotions" / "labeledData.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        LabeledText(row["review"], COVID19_MAP[row["label"]], "covid19_weibo", row["label"])
        for row in rows
        if row["label"] in COVID19_MAP and row["review"].strip()
    ]


def sentiment_training(data_dir: Path) -> list[LabeledText]:
    """Every Weibo training corpus; the SMP2020 eval files are held out (see sentiment_held_out)."""
    return [
        *smp2020(data_dir, SMP2020_TRAIN),
        *nlpcc2013(data_dir),
        *weibo_senti_100k(data_dir),
        *covid19_weibo(data_dir),
    ]


def sentiment_held_out(data_dir: Path) -> list[LabeledText]:
    """SMP2020 usual + virus eval posts (3 classes, surprise dropped): never trained on."""
    return smp2020(data_dir, SMP2020_HELD_OUT)


def climate_comments(data_dir: Path, split: str) -> list[LabeledText]:
    """envtext CLS_IsClimate comments of one split (``train`` or ``valid``): pos→environment."""
    path = require(data_dir / "env" / "envtext" / "CLS_IsClimate.json.gz")
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return [
        LabeledText(text, "environment" if key == "pos" else "other", f"isclimate/{split}")
        for key in ("pos", "neg")
        for text in data[split][key]
    ]


def env_candidates(data_dir: Path) -> list[LabeledText]:
    """Keyword-selected environmental texts (noisy positives), minus those from CLS_IsClimate."""
    path = require(data_dir / "env" / "env_demo_candidates.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        LabeledText(row["text"], "environment", f"candidates/{row['source']}")
        for row in rows
        if not row["source"].startswith("envtext/CLS_IsClimate")
    ]


def news_titles(data_dir: Path, split: str) -> list[LabeledText]:
    """News titles (THUCNews, TNEWS, NLPCC 2017) of one split (``dev`` or ``test``) as "other"."""
    topic = data_dir / "topic"
    texts = [line.split("\t")[0] for line in _lines(require(topic / "thucnews_titles" / f"{split}.txt"))]
    texts += [
        json.loads(line)["sentence"] for line in _gz_lines(require(topic / "tnews" / f"{split}.json.gz"))
    ]
    headlines = [line.split("\t", 1)[1].replace(" ", "") for line in _gz_lines(_nlpcc2017(topic))]
    half = len(headlines) // 2
    texts += headlines[:half] if split == "dev" else headlines[half:]
    return [LabeledText(t, "other", f"news_titles/{split}") for t in texts if t.strip()]


def _nlpcc2017(topic: Path) -> Path:
    return require(topic / "nlpcc2017_headlines" / "test.full.word.gz")


def _lines(path: Path) -> Iterator[str]:
    yield from (line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _gz_lines(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        yield from (line.rstrip("\n") for line in handle if line.strip())


def read_zip_tsv(path: Path, member: str) -> list[list[str]]:
    """Rows of a tab-separated member of a zip archive (header included)."""
    with zipfile.ZipFile(require(path)) as archive:
        text = archive.read(member).decode("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip()]
