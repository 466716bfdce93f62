"""Public-opinion sentiment (正面/中性/负面) with calibrated probabilities.

``SentimentModel(pipeline).predict(texts)`` → :class:`SentimentResult`. The pipeline
(:func:`build_sentiment_pipeline`) is character and word n-gram TF-IDF with negation marks and
lexicon features, then a calibrated linear SVM stacked on auxiliary Weibo corpora
(:mod:`nlp.classifier`). Errors: :mod:`nlp.errors`.
"""

from nlp.sentiment.labels import CHINESE, SENTIMENT_LABELS, parse_sentiment
from nlp.sentiment.model import SentimentModel, SentimentResult
from nlp.sentiment.pipeline import build_baseline_pipeline, build_sentiment_pipeline

__all__ = [
    "CHINESE",
    "SENTIMENT_LABELS",
    "SentimentModel",
    "SentimentResult",
    "build_baseline_pipeline",
    "build_sentiment_pipeline",
    "parse_sentiment",
]
