"""The analysis of a document: sentiment, relevance, topics, regions, keywords, summary and SimHash.

``Analyzer(...).analyze_many([AnalysisInput(text, title=..., home_region=...), ...])`` → one
:class:`Analysis` per input, in order; ``analyze(text, title=...)`` does one. Plain values in and out:
the app maps them onto its Documents.

Each text is prepared once: the title and the first ``max_chars`` characters of the body are cleaned
(:func:`nlp.text.clean_post`: NFKC, emoticons, links and @mentions out) and joined with a space into
the *analysed text*, which is segmented once (:func:`nlp.segmentation.cached_words`, the memo the
sentiment and relevance features read too; batches go through in chunks that fit in it). Because the
segmenter never joins words across whitespace, the first words are the title's and the rest the body's.
Then, per chunk: one batched ``predict`` of each model, the SimHashes of the words (in one pass), and
per text topics (dictionary hits, gated by relevance), regions (with the source's home region), TF-IDF
keywords (title words weighted) and an extractive summary quoting sentences of the original body.

Models are injected (anything with the ``predict`` of :class:`nlp.sentiment.SentimentModel` /
:class:`nlp.relevance.RelevanceModel`); without one, its fields stay ``None`` and topics are not gated.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from nlp.features.tokens import BatchTokens, batch_tokens
from nlp.keywords import KeywordExtractor, default_keyword_extractor
from nlp.regions import RegionExtractor, RegionResult
from nlp.regions.extractor import default_extractor
from nlp.relevance import RelevanceResult
from nlp.segmentation import cached_words
from nlp.sentiment.model import SentimentResult
from nlp.simhash import simhash_batch
from nlp.summary import Summarizer
from nlp.text import clean_post
from nlp.topics import TopicMatch, TopicMatcher

if TYPE_CHECKING:
    from config import Settings

# cached_words keeps 512 segmentations: a chunk must fit so that the models find the analysis's words
CHUNK_SIZE = 256
DEFAULT_MAX_CHARS = 3000
DEFAULT_TOP_KEYWORDS = 10


class SentimentPredictor(Protocol):
    def predict(self, texts: Sequence[str]) -> list[SentimentResult]: ...


class RelevancePredictor(Protocol):
    def predict(self, texts: Sequence[str]) -> list[RelevanceResult]: ...


@dataclass(frozen=True)
class AnalysisInput:
    """One text to analyse; ``home_region`` is the source's region code, if it has one."""

    text: str
    title: str = ""
    home_region: str | None = None


@dataclass(frozen=True)
class RegionMention:
    """A place name as written and the region code it was read as."""

    surface: str
    code: str
    name: str


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis says about one text (``None``: the model was not available)."""

    sentiment: str | None  # positive / neutral / negative
    sentiment_score: float | None  # probability of ``sentiment``
    sentiment_probabilities: dict[str, float]
    relevant: bool | None  # environmental?
    relevance: float | None  # P(environmental)
    topics: list[str]  # taxonomy ids, heaviest first
    topic_hits: dict[str, list[str]]  # topic id → keywords found
    regions: list[str]  # most specific administrative codes, most mentioned first
    region_mentions: list[RegionMention] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    simhash: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (the SimHash as a 16-digit hex string too)."""
        data = asdict(self)
        data["simhash_hex"] = f"{self.simhash:016x}"
        return data


@dataclass(frozen=True)
class _Prepared:
    """A text cleaned and segmented once."""

    source: AnalysisInput
    analysed: str  # cleaned title + " " + cleaned body (the models' input)
    words: tuple[str, ...]  # segmentation of ``analysed``
    title_count: int  # the first ``title_count`` words are the title's

    @property
    def title_words(self) -> tuple[str, ...]:
        return self.words[: self.title_count]

    @property
    def body_words(self) -> tuple[str, ...]:
        return self.words[self.title_count :]


class Analyzer:
    """Analyses texts one by one or in batches (see the module docstring)."""

    def __init__(
        self,
        *,
        sentiment: SentimentPredictor | None = None,
        relevance: RelevancePredictor | None = None,
        topics: TopicMatcher | None = None,
        regions: RegionExtractor | None = None,
        keywords: KeywordExtractor | None = None,
        summarizer: Summarizer | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        top_keywords: int = DEFAULT_TOP_KEYWORDS,
        summarize: bool = True,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.sentiment = sentiment
        self.relevance = relevance
        self.topics = topics
        self.regions = regions or default_extractor()
        self.keywords = keywords or default_keyword_extractor()
        self.summarizer = summarizer or Summarizer(self.keywords)
        self.max_chars = max_chars
        self.top_keywords = top_keywords
        self.summarize = summarize
        self.chunk_size = min(chunk_size, CHUNK_SIZE)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        sentiment: SentimentPredictor | None = None,
        relevance: RelevancePredictor | None = None,
    ) -> Analyzer:
        """Topics from topics.yaml with the rules of nlp.yaml, ``max_chars`` from nlp.yaml."""
        return cls(
            sentiment=sentiment,
            relevance=relevance,
            topics=TopicMatcher.from_settings(settings),
            max_chars=settings.nlp.max_chars,
        )

    def with_models(
        self, sentiment: SentimentPredictor | None, relevance: RelevancePredictor | None
    ) -> Analyzer:
        """This analyzer with other models (the rest is shared); ``self`` when they are the same."""
        if sentiment is self.sentiment and relevance is self.relevance:
            return self
        other = copy.copy(self)
        other.sentiment, other.relevance = sentiment, relevance
        return other

    def analyze(self, text: str, *, title: str = "", home_region: str | None = None) -> Analysis:
        return self.analyze_many([AnalysisInput(text, title, home_region)])[0]

    def analyze_many(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        """One :class:`Analysis` per input, in order."""
        results: list[Analysis] = []
        for start in range(0, len(inputs), self.chunk_size):
            results.extend(self._analyze_chunk(inputs[start : start + self.chunk_size]))
        return results

    def prepare(self, item: AnalysisInput) -> _Prepared:
        title = clean_post(item.title) if item.title else ""
        body = clean_post(item.text[: self.max_chars]) if item.text else ""
        analysed = f"{title} {body}" if title and body else title or body
        words = cached_words(analysed) if analysed else ()
        return _Prepared(item, analysed, words, _count_within(analysed, words, len(title)))

    def _analyze_chunk(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        prepared = [self.prepare(item) for item in inputs]
        texts = [p.analysed for p in prepared]
        sentiments = _predict(self.sentiment, texts)
        relevances = _predict(self.relevance, texts)
        # the words' token ids: the models' features looked them up already (memoised per batch)
        batch = batch_tokens(tuple(texts))
        fingerprints = simhash_batch(batch)
        topics = self._topics(prepared, relevances, batch)
        # the TF-IDF of each body with the title (keywords) and without (the summary's, when it is the
        # same extractor), counted once for the batch
        weights = self.keywords.weigh_batch(batch, [p.title_count for p in prepared], self.top_keywords)
        own_weights = self.summarizer.keywords is self.keywords
        return [
            self._analysis(
                p,
                s,
                r,
                t,
                f,
                weights.keywords(i),
                functools.partial(weights.body_weights, i) if own_weights else None,
            )
            for i, (p, s, r, t, f) in enumerate(
                zip(prepared, sentiments, relevances, topics, fingerprints, strict=True)
            )
        ]

    def _analysis(
        self,
        prepared: _Prepared,
        sentiment: SentimentResult | None,
        relevance: RelevanceResult | None,
        topics: TopicMatch,
        fingerprint: int,
        keywords: list[str],
        body_weights: Callable[[], dict[str, float]] | None,
    ) -> Analysis:
        regions = self.regions.extract(
            prepared.analysed, home_region=prepared.source.home_region, words=prepared.words
        )
        return Analysis(
            sentiment=sentiment.label if sentiment else None,
            sentiment_score=round(float(sentiment.score), 4) if sentiment else None,
            sentiment_probabilities=dict(sentiment.probabilities) if sentiment else {},
            relevant=relevance.relevant if relevance else None,
            relevance=relevance.probability if relevance else None,
            topics=topics.topics,
            topic_hits=topics.hits,
            regions=regions.codes,
            region_mentions=_mentions(regions),
            keywords=keywords,
            summary=self._summary(prepared, body_weights),
            simhash=fingerprint,
        )

    def _topics(
        self, prepared: Sequence[_Prepared], relevances: Sequence[RelevanceResult | None], batch: BatchTokens
    ) -> list[TopicMatch]:
        if self.topics is None:
            return [TopicMatch([]) for _ in prepared]
        relevant = [relevance.relevant if relevance else None for relevance in relevances]
        return self.topics.match_batch(batch, [p.title_count for p in prepared], relevant)

    def _summary(
        self, prepared: _Prepared, body_weights: Callable[[], dict[str, float]] | None = None
    ) -> str:
        """Sentences quoted from the original body; the analysed words locate its words
        (``body_weights``: a function giving the keyword weights of the body words, if known)."""
        item = prepared.source
        if not self.summarize or not item.text.strip():
            return ""
        text = item.text[: self.max_chars]
        return self.summarizer.summarize(
            text, title=item.title, words=prepared.body_words, weights=body_weights
        )


def _predict(model: Any, texts: list[str]) -> list[Any]:
    """The model's results for the non-empty texts, ``None`` for the others (and without a model)."""
    if model is None:
        return [None] * len(texts)
    wanted = [i for i, text in enumerate(texts) if text]
    results: list[Any] = [None] * len(texts)
    for index, result in zip(
        wanted, model.predict([texts[i] for i in wanted]) if wanted else [], strict=True
    ):
        results[index] = result
    return results


def _count_within(text: str, words: Sequence[str], end: int) -> int:
    """How many of ``words`` (the segmentation of ``text``, whitespace dropped) start before ``end``."""
    count, position = 0, 0
    for word in words:
        found = text.find(word, position)
        if found < 0 or found >= end:
            break
        count += 1
        position = found + len(word)
    return count


def _mentions(result: RegionResult) -> list[RegionMention]:
    seen: dict[tuple[str, str], RegionMention] = {}
    for evidence in result.evidence:
        seen.setdefault(
            (evidence.surface, evidence.code), RegionMention(evidence.surface, evidence.code, evidence.name)
        )
    return list(seen.values())
