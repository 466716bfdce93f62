"""The folded prediction of ``TransferLinearClassifier`` is the stacked model's (features plus
auxiliary scores, then the main SVM)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from nlp.classifier import TransferLinearClassifier, aux_label


def training_rows(seed: int) -> tuple[sp.csr_matrix, list[str]]:
    rng = np.random.default_rng(seed)
    X = sp.random(400, 60, density=0.1, random_state=seed, format="csr")
    signal = np.asarray(X[:, :3].sum(axis=1)).ravel() - np.asarray(X[:, 3:6].sum(axis=1)).ravel()
    labels = np.where(signal > 0.2, "positive", np.where(signal < -0.2, "negative", "neutral")).tolist()
    for row in rng.choice(400, 150, replace=False):  # auxiliary corpora with their own label sets
        corpus = "reviews" if row % 2 else "emotions"
        own = (
            ("good" if signal[row] > 0 else "bad")
            if corpus == "reviews"
            else ["joy", "anger", "calm"][row % 3]
        )
        labels[row] = aux_label(corpus, own)
    return X, labels


def stacked_decision(model: TransferLinearClassifier, X: sp.csr_matrix) -> np.ndarray:
    aux = (X @ model.aux_coef_.astype(np.float64).T + model.aux_intercept_) * model.aux_scale
    stacked = sp.hstack([X, sp.csr_matrix(aux)], format="csr")
    return np.asarray(stacked @ model.coef_.astype(np.float64).T) + model.intercept_


def test_folded_decision_is_the_stacked_one() -> None:
    X, labels = training_rows(3)
    model = TransferLinearClassifier(aux_scale=0.5, calibration_folds=3).fit(X, labels)
    assert len(model.aux_coef_) == 4  # reviews (binary: 1 score) + emotions (3 scores)
    test = sp.random(50, 60, density=0.2, random_state=9, format="csr")
    np.testing.assert_allclose(
        model.decision_function(test), stacked_decision(model, test), rtol=1e-9, atol=1e-9
    )


def test_fold_follows_new_coefficients() -> None:
    X, labels = training_rows(4)
    model = TransferLinearClassifier(aux_scale=0.5, calibration_folds=3).fit(X, labels)
    test = sp.random(20, 60, density=0.2, random_state=5, format="csr")
    before = model.decision_function(test)
    model.coef_ = (model.coef_ * 2).astype(np.float32)  # e.g. a model loaded over this one
    np.testing.assert_allclose(
        model.decision_function(test), stacked_decision(model, test), rtol=1e-9, atol=1e-9
    )
    assert not np.allclose(before, model.decision_function(test))
