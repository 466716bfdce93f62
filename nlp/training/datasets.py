"""The exact train / held-out splits of the default models, built from the corpora readers.

Sentiment (target rows are Weibo posts with 3 classes; other corpora are auxiliary rows):
  * all SMP2020-EWECT posts (virus_train + usual_eval + virus_eval, surprise dropped, exact
    duplicates removed) are split 75 % / 25 % stratified with seed 13; the 25 % is held out;
  * NLPCC 2013, weibo_senti_100k (emoticons stripped) and COVID-19 Weibo are auxiliary rows
    ``aux:<corpus>:<label>``, minus any text in the held-out set;
  * ``official`` split (secondary): train on virus_train only, hold out usual_eval + virus_eval.
Relevance (environment vs other; positives are environmental texts, negatives news titles and
off-topic comments):
  * train: CLS_IsClimate train (positives and negatives), 75 % of the environmental candidates
    (seed 13), news titles dev splits; each positive also enters as its first sentence
    (≤ 60 characters) so that length alone does not decide the class;
  * held out: CLS_IsClimate valid minus the texts also in train (of the 107 shared texts), the other
    25 % of the candidates, news titles test splits. Texts of the candidates never count as "other".
    ``climate_negative_rows`` keeps only the held-out CLS_IsClimate negatives, for a diagnostic.
  * the issue's measure (``relevance_issue_rows``): environmental texts (CLS_IsClimate positives and
    candidates) against the news-title corpora, i.e. the held-out set without the CLS_IsClimate
    negatives — comments under climate threads labelled off-topic, many environmental in content
    (noisy); they stay in training and in the full held-out figure, reported beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import train_test_split

from nlp.classifier import aux_label
from nlp.training import corpora
from nlp.training.corpora import LabeledText

SEED = 13
HELD_OUT_SHARE = 0.25
_FIRST_SENTENCE = re.compile(r"^[^。！？!?\n]{4,60}")


@dataclass(frozen=True)
class Split:
    """Training rows (``label`` may be an ``aux:`` label) and held-out rows, with a description."""

    train: list[LabeledText]
    held_out: list[LabeledText]
    description: str


def key(text: str) -> str:
    return "".join(text.split())


def unique(rows: Iterable[LabeledText]) -> list[LabeledText]:
    seen: set[str] = set()
    out: list[LabeledText] = []
    for row in rows:
        if key(row.text) not in seen:
            seen.add(key(row.text))
            out.append(row)
    return out


def without(rows: Iterable[LabeledText], texts: Iterable[LabeledText]) -> list[LabeledText]:
    banned = {key(t.text) for t in texts}
    return [r for r in rows if key(r.text) not in banned]


def auxiliary_sentiment(data_dir: Path) -> list[LabeledText]:
    rows = [
        *corpora.nlpcc2013(data_dir),
        *corpora.weibo_senti_100k(data_dir),
        *corpora.covid19_weibo(data_dir),
    ]
    return [LabeledText(r.text, aux_label(r.source, r.label), r.source, r.original) for r in rows]


def sentiment_split(data_dir: Path) -> Split:
    """The pooled SMP2020 split (the default model's)."""
    files = corpora.SMP2020_TRAIN + corpora.SMP2020_HELD_OUT
    posts = unique(corpora.smp2020(data_dir, files))
    train, held_out = train_test_split(
        posts, test_size=HELD_OUT_SHARE, random_state=SEED, stratify=[p.label for p in posts]
    )
    rows = without([*train, *auxiliary_sentiment(data_dir)], held_out)
    return Split(rows, held_out, "SMP2020-EWECT all posts, 25% stratified hold-out (seed 13)")


def official_sentiment_split(data_dir: Path) -> Split:
    """Train on virus_train, hold out the two SMP2020 eval files (a different period and domain)."""
    held_out = unique(corpora.sentiment_held_out(data_dir))
    train = [*corpora.smp2020(data_dir, corpora.SMP2020_TRAIN), *auxiliary_sentiment(data_dir)]
    return Split(without(train, held_out), held_out, "SMP2020-EWECT virus_train → usual_eval + virus_eval")


def first_sentence(text: str) -> str | None:
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(0) if match and match.group(0) != text.strip() else None


def relevance_split(data_dir: Path) -> Split:
    candidates = unique(corpora.env_candidates(data_dir))
    cand_train, cand_test = train_test_split(candidates, test_size=HELD_OUT_SHARE, random_state=SEED)
    climate_train = corpora.climate_comments(data_dir, "train")
    climate_test = without(corpora.climate_comments(data_dir, "valid"), climate_train)
    news_train = without(corpora.news_titles(data_dir, "dev"), candidates)
    news_test = without(corpora.news_titles(data_dir, "test"), [*candidates, *news_train])
    positives = [*[r for r in climate_train if r.label == "environment"], *cand_train]
    shortened = [
        LabeledText(s, "environment", r.source + "/first_sentence")
        for r in positives
        if (s := first_sentence(r.text)) is not None
    ]
    train = unique([*climate_train, *cand_train, *shortened, *news_train])
    held_out = without(unique([*climate_test, *cand_test, *news_test]), train)
    return Split(
        train, held_out, "CLS_IsClimate train/valid, candidates 75/25 (seed 13), news titles dev/test"
    )


def is_climate_negative(row: LabeledText) -> bool:
    return row.source.startswith("isclimate/") and row.label == "other"


def relevance_issue_rows(held_out: Iterable[LabeledText]) -> list[LabeledText]:
    """Held-out relevance rows as the issue defines the task: environment (CLS_IsClimate positives and
    the candidates) against the news-title corpora; the CLS_IsClimate negatives left out."""
    return [row for row in held_out if not is_climate_negative(row)]


def climate_negative_rows(held_out: Iterable[LabeledText]) -> list[LabeledText]:
    """The held-out CLS_IsClimate negatives: comments under climate threads judged off-topic."""
    return [row for row in held_out if is_climate_negative(row)]
