"""NLP settings (``nlp.yaml``): dictionaries, models and analysis parameters. The NLP issue owns it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from config.models.base import StrictModel

MAX_WORKERS = 64


class ModelSettings(StrictModel):
    """Which version of a trained model the analysis uses."""

    # A registry version (``qingshan nlp models``) to pin; empty = the registry's active version, or
    # the shipped default when nothing was promoted.
    version: str | None = None


class SentimentSettings(ModelSettings):
    """Public-opinion sentiment (正面/中性/负面)."""

    # Log-odds added to 负面 per environmental incident term (泄漏, 偷排, 死鱼 ...; at most two count):
    # an incident report is negative public opinion even in neutral wording. 0 turns the rule off.
    incident_shift: float = Field(default=1.0, ge=0.0, le=5.0)


class RelevanceSettings(ModelSettings):
    """Environment-vs-other classification."""

    # P(environmental) at or above which an item counts as environmental.
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)


class TopicRuleSettings(StrictModel):
    """Dictionary-based sub-topics (the taxonomy itself is topics.yaml)."""

    # Keyword hits a topic needs; a hit in the title counts ``title_weight`` times.
    min_hits: int = Field(default=1, ge=1)
    title_weight: int = Field(default=2, ge=1)
    # Only assign sub-topics to items the relevance model calls environmental, unless a topic
    # keyword occurs at least ``min_hits_off_topic`` times.
    min_hits_off_topic: int = Field(default=2, ge=1)


class TrainingSettings(StrictModel):
    """Defaults of ``qingshan nlp train``."""

    folds: int = Field(default=5, ge=2, le=20)
    seed: int = 13


class HeatWeightSettings(StrictModel):
    """Weights of the event heat index components (nlp/events/heat.py); they must sum to 1."""

    volume: float = Field(default=0.25, ge=0.0, le=1.0)
    sources: float = Field(default=0.15, ge=0.0, le=1.0)
    engagement: float = Field(default=0.20, ge=0.0, le=1.0)
    velocity: float = Field(default=0.15, ge=0.0, le=1.0)
    mainstream: float = Field(default=0.10, ge=0.0, le=1.0)
    official: float = Field(default=0.05, ge=0.0, le=1.0)
    negative: float = Field(default=0.10, ge=0.0, le=1.0)


class EventSettings(StrictModel):
    """Event clustering, heat and bursts (nlp/events/)."""

    # An item joins an event seen within this many hours of its publication time.
    window_hours: float = Field(default=72.0, gt=0)
    # Join score (cosine + key-term, region and topic terms) an item needs to join an event.
    join_threshold: float = Field(default=0.30, gt=0.0, lt=2.0)
    # Velocity counts the items of the last hours before a period's end.
    velocity_window_hours: float = Field(default=6.0, gt=0)
    # Bursts: the latest bucket against the mean of the buckets before it (Poisson upper tail).
    burst_bucket_hours: int = Field(default=24, ge=1)
    burst_baseline_buckets: int = Field(default=14, ge=1)
    burst_min_count: int = Field(default=3, ge=1)
    burst_max_p_value: float = Field(default=0.001, gt=0.0, lt=1.0)
    heat: HeatWeightSettings = HeatWeightSettings()


class NlpSettings(StrictModel):
    """``nlp.yaml``."""

    # Segmenter for indexing and analysis: rjieba (fast, jieba-compatible) or jieba.
    segmenter: Literal["rjieba", "jieba"] = "rjieba"
    # Load the environmental user dictionary shipped in config/dictionaries/ (envtext, Apache-2.0).
    shipped_dictionary: bool = True
    # An extra jieba-format user dictionary (``word [freq] [tag]`` per line); empty = none.
    user_dictionary: Path | None = None
    # Extra stop words (one per line), added to the shipped list; empty = none.
    stop_words: Path | None = None
    # Model registry directory; relative paths resolve under the home directory.
    models_dir: Path = Path("models")
    # Analysis reads at most this many characters of a document's text (title always included).
    max_chars: int = Field(default=3000, ge=100)
    # Processes for bulk analysis (``qingshan import``, ``qingshan nlp analyze``): a number, or auto
    # (one per CPU, at most 8). The service and ``qingshan crawl`` analyse their batches in-process.
    workers: Literal["auto"] | int = "auto"
    sentiment: SentimentSettings = SentimentSettings()
    relevance: RelevanceSettings = RelevanceSettings()
    topics: TopicRuleSettings = TopicRuleSettings()
    training: TrainingSettings = TrainingSettings()
    events: EventSettings = EventSettings()

    @field_validator("workers", mode="before")
    @classmethod
    def _workers(cls, value: object) -> object:
        if value == "auto" or (
            isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_WORKERS
        ):
            return value
        raise ValueError(f"workers must be auto or a number of processes from 1 to {MAX_WORKERS}")
