"""The sentiment pipeline (word and character n-gram TF-IDF, lexicon features, calibrated stacking)
and the baseline it is measured against (character 1–3-gram TF-IDF + logistic regression)."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from nlp.classifier import TransferLinearClassifier
from nlp.features.hashing import HashedNgramCounts
from nlp.features.lexicon import LexiconFeatures


def text_features(*, n_features: int = 2**16, lexicon_scale: float | None = 0.3) -> FeatureUnion:
    """Character 1–3-grams and word 1–2-grams (negation-marked), TF-IDF each; optional lexicon features."""
    parts: list[tuple[str, object]] = [
        ("chars", _tfidf(HashedNgramCounts(kind="char", ngram_range=(1, 3), n_features=n_features))),
        ("words", _tfidf(HashedNgramCounts(kind="word", ngram_range=(1, 2), n_features=n_features))),
    ]
    if lexicon_scale is not None:
        parts.append(("lexicon", LexiconFeatures(scale=lexicon_scale)))
    return FeatureUnion(parts)


def _tfidf(counts: HashedNgramCounts) -> Pipeline:
    return Pipeline([("counts", counts), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_sentiment_pipeline(
    *,
    C: float = 0.1,
    aux_scale: float = 0.3,
    lexicon_scale: float = 0.3,
    n_features: int = 2**16,
    nb_alpha: float | None = None,
    balanced_calibration: bool = False,
) -> Pipeline:
    """The sentiment model; auxiliary corpora enter as ``aux:<corpus>:<label>`` rows; ``nb_alpha``
    switches on NB-SVM scaling (see :class:`nlp.classifier.TransferLinearClassifier`)."""
    return Pipeline(
        [
            ("features", text_features(n_features=n_features, lexicon_scale=lexicon_scale)),
            (
                "classifier",
                TransferLinearClassifier(
                    C=C, aux_scale=aux_scale, nb_alpha=nb_alpha, balanced_calibration=balanced_calibration
                ),
            ),
        ]
    )


def build_baseline_pipeline() -> Pipeline:
    """Character 1–3-gram TF-IDF (min_df 2) + logistic regression, trained on mapped labels only."""
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2)),
            ("classifier", LogisticRegression(max_iter=2000)),
        ]
    )
