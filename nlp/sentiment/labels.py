"""Sentiment labels: the values of ``indexer.document.Sentiment`` and the Chinese names users see."""

from __future__ import annotations

from nlp.errors import LabelError

SENTIMENT_LABELS = ("negative", "neutral", "positive")
CHINESE = {"negative": "负面", "neutral": "中性", "positive": "正面"}
_ALIASES = {
    **{label: label for label in SENTIMENT_LABELS},
    **{zh: label for label, zh in CHINESE.items()},
    "neg": "negative",
    "neu": "neutral",
    "pos": "positive",
}


def parse_sentiment(label: str) -> str:
    """``正面``/``positive``/``pos`` (any case, surrounding space ignored) → ``positive`` etc."""
    value = _ALIASES.get(label.strip().lower())
    if value is None:
        raise LabelError(
            f"unknown sentiment label {label!r}; use 正面/中性/负面 or positive/neutral/negative"
        )
    return value
