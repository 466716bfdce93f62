"""The analysis of stored documents: :class:`nlp.analysis.Analyzer` wired to settings, the model
registry and the Document.

Every way into the store analyses first: the crawl ingest writer (``qingshan crawl`` and the service's
crawl processes, :mod:`app.ingest`) and ``qingshan import``. Documents are analysed *before* they are
written, so search facets (sentiment, topic, region) are right as soon as a document is searchable,
and post-processing (near-duplicates, events) reads regions, topics and keywords from the stored copy.
A ``kill -9`` during analysis loses nothing: the batch was not stored, so it is fetched again.

The models are the registry's active versions (or the versions pinned in nlp.yaml), held by
:class:`nlp.models.ActiveModel`: each batch asks for them (one ``stat``), so ``qingshan nlp promote``
takes effect at the next batch without a restart. A model that cannot load fails the batch loudly
(it is not stored without analysis); :meth:`DocumentAnalyzer.open` loads both at start so a broken
registry is reported before anything is crawled.

Bulk analysis (``qingshan import``, ``qingshan nlp analyze``: ``build_document_analyzer(settings,
bulk=True)``) spreads large batches over ``nlp.workers`` processes (:class:`nlp.parallel.ParallelAnalyzer`;
each worker builds its own DocumentAnalyzer from the same settings, so it reads the same registry and
follows promotions the same way); call :meth:`DocumentAnalyzer.close` when done. The service and the
crawl ingest analyse in-process (their batches are small and they run beside other processes).

Fields a document already carries (a board's own region, a sentiment in an imported file) are kept;
only missing ones are filled. A document that has sentiment, summary and SimHash is not analysed again.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.wiring import configure_segmenter
from config import Settings
from config.cpus import auto_workers
from indexer.document import Document, Sentiment, SourceType
from nlp.analysis import Analysis, AnalysisInput, Analyzer, RelevancePredictor, SentimentPredictor
from nlp.errors import NlpError
from nlp.models import ActiveModel, ModelRegistry
from nlp.parallel import ParallelAnalysisError, ParallelAnalyzer
from nlp.regions.extractor import default_gazetteer

logger = logging.getLogger(__name__)

ModelSource = Callable[[], Any]
NATIONAL = "100000"  # the whole country (a ministry's site): no home region to prefer


class AnalysisError(RuntimeError):
    """The analysis cannot run: a bad home region in sources.yaml, a missing or broken model."""


def needs_analysis(doc: Document) -> bool:
    """Whether ``doc`` lacks an analysis result (sentiment, summary or SimHash)."""
    return doc.sentiment is None or doc.summary is None or doc.simhash is None


def apply_analysis(doc: Document, analysis: Analysis) -> Document:
    """``doc`` with the analysis in the fields it does not carry yet."""
    update: dict[str, Any] = {}
    if doc.sentiment is None and analysis.sentiment is not None:
        update["sentiment"] = Sentiment(analysis.sentiment)
        update["sentiment_score"] = analysis.sentiment_score
    if not doc.topics and analysis.topics:
        update["topics"] = list(analysis.topics)
    if not doc.regions and analysis.regions:
        update["regions"] = list(analysis.regions)
    if not doc.keywords and analysis.keywords:
        update["keywords"] = list(analysis.keywords)
    if doc.summary is None:
        update["summary"] = analysis.summary
    if doc.simhash is None:
        update["simhash"] = analysis.simhash
    return doc.model_copy(update=update) if update else doc


def home_regions(settings: Settings) -> dict[str, str]:
    """Source id → home region code, for the sources that have one below the national level (100000);
    every such code must be in the gazetteer."""
    regions = default_gazetteer().regions
    homes: dict[str, str] = {}
    for index, source in enumerate(settings.sources.sources):
        if source.region is None or source.region == NATIONAL:
            continue
        if source.region not in regions:
            raise AnalysisError(
                f"sources.yaml: sources[{index}].region: {source.region!r} (source {source.id!r}) is not an "
                "administrative code of the gazetteer (config/gazetteer/regions.csv)"
            )
        homes[source.id] = source.region
    return homes


class DocumentAnalyzer:
    """Analyses Documents in batches with the current models (see the module docstring)."""

    def __init__(
        self,
        analyzer: Analyzer,
        *,
        sentiment: ModelSource | None = None,
        relevance: ModelSource | None = None,
        home_regions: Mapping[str, str] | None = None,
        parallel: ParallelAnalyzer | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.sentiment = sentiment
        self.relevance = relevance
        self.home_regions = dict(home_regions or {})
        self.parallel = parallel

    @classmethod
    def from_settings(cls, settings: Settings, *, bulk: bool = False) -> DocumentAnalyzer:
        """The configured segmenter, topics and rules, the registry's models, the sources' home regions;
        ``bulk``: large batches go to ``nlp.workers`` processes."""
        configure_segmenter(settings)
        registry = ModelRegistry.from_settings(settings)
        sentiment = ActiveModel(registry, "sentiment", pinned=settings.nlp.sentiment.version)
        relevance = ActiveModel(registry, "relevance", pinned=settings.nlp.relevance.version)
        analyzer = cls(
            Analyzer.from_settings(settings),
            sentiment=lambda: sentiment.get().model,
            relevance=lambda: relevance.get().model,
            home_regions=home_regions(settings),
        )
        workers = bulk_workers(settings) if bulk else 1
        if workers > 1:
            analyzer.parallel = ParallelAnalyzer(
                functools.partial(worker_analyzer, settings), workers=workers, local=analyzer
            )
        return analyzer

    def open(self) -> DocumentAnalyzer:
        """Load the models now, so a missing or broken model is reported at start."""
        self.current()
        return self

    def current(self) -> Analyzer:
        """The analyzer with the models active right now; AnalysisError when one cannot load."""
        try:
            sentiment: SentimentPredictor | None = self.sentiment() if self.sentiment else None
            relevance: RelevancePredictor | None = self.relevance() if self.relevance else None
        except NlpError as exc:
            raise AnalysisError(f"the analysis cannot run: {exc}") from exc
        return self.analyzer.with_models(sentiment, relevance)

    def analyze_texts(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        """One Analysis per input, in order (in the worker processes for a large bulk batch)."""
        if self.parallel is None:
            return self.analyze_many(inputs)
        try:
            return self.parallel.analyze_many(inputs)
        except ParallelAnalysisError as exc:
            raise AnalysisError(f"the analysis failed: {exc}") from exc

    def analyze_many(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        """One Analysis per input, in order, in this process."""
        return self.current().analyze_many(inputs)

    def close(self) -> None:
        """Stop the worker processes of bulk analysis, if any (idempotent)."""
        if self.parallel is not None:
            self.parallel.close()

    def analyze_documents(self, documents: Sequence[Document]) -> list[Document]:
        """``documents`` in order, each with its missing analysis fields filled."""
        pending = [i for i, doc in enumerate(documents) if needs_analysis(doc)]
        if not pending:
            return list(documents)
        inputs = [self._input(documents[i]) for i in pending]
        analysed = list(documents)
        for index, analysis in zip(pending, self.analyze_texts(inputs), strict=True):
            analysed[index] = self._official_locality(apply_analysis(documents[index], analysis))
        return analysed

    def _official_locality(self, doc: Document) -> Document:
        """属地: an official source's item that names no place is about the source's own locality."""
        home = self.home_regions.get(doc.source)
        if doc.regions or home is None or doc.source_type is not SourceType.OFFICIAL:
            return doc
        return doc.model_copy(update={"regions": [home]})

    __call__ = analyze_documents

    def _input(self, doc: Document) -> AnalysisInput:
        return AnalysisInput(doc.text, doc.title, self.home_regions.get(doc.source))


def bulk_workers(settings: Settings) -> int:
    """``nlp.workers`` as a number of processes (auto: one per CPU this process may use)."""
    workers = settings.nlp.workers
    return auto_workers() if workers == "auto" else workers


def worker_analyzer(settings: Settings) -> DocumentAnalyzer:
    """The analyzer of a bulk-analysis worker process (in-process, models loaded)."""
    return DocumentAnalyzer.from_settings(settings).open()


def build_document_analyzer(settings: Settings, *, bulk: bool = False) -> DocumentAnalyzer:
    """:meth:`DocumentAnalyzer.from_settings`, opened; AnalysisError says what is wrong. ``bulk``
    (import, ``nlp analyze``): large batches are analysed by ``nlp.workers`` processes."""
    try:
        analyzer = DocumentAnalyzer.from_settings(settings, bulk=bulk)
    except NlpError as exc:
        raise AnalysisError(f"the analysis cannot start: {exc}") from exc
    return analyzer.open()
