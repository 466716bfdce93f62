"""The probabilities of a fitted text pipeline, computed without the pipeline's overhead.

The shipped models are ``Pipeline([("features", FeatureUnion([...])), ("classifier", ...)])``
whose union holds hashed n-gram counts followed by a sublinear, L2-normalised TF-IDF, and dense
feature transformers; the classifier is linear (:class:`nlp.classifier.TransferLinearClassifier`).
For such a pipeline, :func:`pipeline_probabilities` computes what ``predict_proba`` computes, from
the same fitted parameters, block by block:

* counts come from the batch memo (:func:`nlp.features.hashing.batch_counts`) and are never
  copied: the TF-IDF values are a new array over the memo's indices;
* each block's scores are its product with its rows of the classifier's (folded) weights, so no
  stacked matrix is built;
* no input validation, no copies, no per-transformer dispatch.

Any other pipeline (a baseline, an analyst's variant) returns ``None``: call ``predict_proba``.
Scores agree with ``predict_proba`` up to the order of floating-point sums (about 1e-15).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline

from nlp.features.environment import EnvironmentTermFeatures
from nlp.features.hashing import HashedNgramCounts, batch_counts
from nlp.features.lexicon import LexiconFeatures
from nlp.text import clean_post

Matrix = NDArray[np.float64]


def pipeline_probabilities(pipeline: Any, texts: Sequence[str]) -> Matrix | None:
    """``pipeline.predict_proba(texts)`` by the lean path, or ``None`` when the pipeline is not of
    the supported shape (see the module docstring)."""
    parts = _supported_parts(pipeline)
    if parts is None:
        return None
    classifier = pipeline.steps[-1][1]
    weights, intercept = classifier._folded()
    cleaned = tuple(clean_post(text) for text in texts)
    scores = np.tile(intercept, (len(texts), 1))
    offset = 0
    for transformer in parts:
        if isinstance(transformer, Pipeline):
            counts, tfidf = transformer.steps[0][1], transformer.steps[1][1]
            width = counts.n_features
            block = tfidf_rows(
                batch_counts(counts.kind, tuple(counts.ngram_range), cleaned, width), tfidf.idf_
            )
            scores += block @ weights[offset : offset + width]
        else:
            dense = transformer.transform(texts)
            width = dense.shape[1]
            scores += np.asarray(dense @ weights[offset : offset + width])
        offset += width
    if offset != weights.shape[0]:
        return None  # the classifier was fitted on other features: let the pipeline say so
    probabilities: Matrix = classifier.probabilities_from_decision(
        scores[:, 0] if scores.shape[1] == 1 else scores
    )
    return probabilities


def tfidf_rows(counts: sp.csr_matrix, idf: Matrix) -> sp.csr_matrix:
    """Sublinear TF-IDF of canonical ``counts`` (``1 + log(count)`` times the IDF), each row scaled to
    unit length (rows without terms stay empty): TfidfTransformer(sublinear_tf=True, norm="l2")."""
    data = np.log(counts.data)
    data += 1.0
    data *= idf[counts.indices]
    squares = data * data
    lengths = np.diff(counts.indptr)
    norms = np.zeros(len(lengths))
    filled = lengths > 0
    norms[filled] = np.sqrt(np.add.reduceat(squares, counts.indptr[:-1][filled]))
    norms[norms == 0.0] = 1.0
    data /= np.repeat(norms, lengths)
    return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)


def _supported_parts(pipeline: Any) -> list[Any] | None:
    """The union's transformers when ``pipeline`` has the supported shape, else None."""
    if not isinstance(pipeline, Pipeline) or len(pipeline.steps) != 2:
        return None
    union, classifier = pipeline.steps[0][1], pipeline.steps[1][1]
    if not isinstance(union, FeatureUnion) or union.transformer_weights is not None:
        return None
    if not (hasattr(classifier, "_folded") and hasattr(classifier, "probabilities_from_decision")):
        return None
    parts = [transformer for _, transformer in union.transformer_list]
    if not all(_is_tfidf_counts(part) or _is_dense(part) for part in parts):
        return None
    return parts


def _is_tfidf_counts(part: Any) -> bool:
    if not isinstance(part, Pipeline) or len(part.steps) != 2:
        return False
    counts, tfidf = part.steps[0][1], part.steps[1][1]
    return (
        isinstance(counts, HashedNgramCounts)
        and isinstance(tfidf, TfidfTransformer)
        and tfidf.sublinear_tf
        and tfidf.norm == "l2"
        and tfidf.use_idf
        and hasattr(tfidf, "idf_")
        and len(tfidf.idf_) == counts.n_features
    )


def _is_dense(part: Any) -> bool:
    """The project's dense feature transformers (few columns, computed per text)."""
    return isinstance(part, LexiconFeatures | EnvironmentTermFeatures)
