"""A calibrated linear text classifier that can borrow from related label sets.

:class:`TransferLinearClassifier` is a scikit-learn classifier (use it after a feature union):

* **Auxiliary corpora.** Rows labelled ``aux:<corpus>:<label>`` (see :func:`aux_label`) train one
  linear SVM per corpus on that corpus's own labels (e.g. NLPCC emotions, binary review polarity);
  their decision scores, times ``aux_scale``, are appended to the features of the target rows.
  The main model is trained on the target rows only, so other label sets inform it without their
  label definitions (a review's "negative", a corpus without neutral) leaking into its classes.
* **Calibration.** A linear SVM on the stacked features gives the scores; temperature scaling with
  per-class offsets, fitted on out-of-fold scores (``calibration_folds``), turns them into
  probabilities (``predict_proba``).
* **NB scaling** (``nb_alpha``, optional). One binary SVM per class on the features scaled by that
  class's naive-Bayes log-count ratio (NB-SVM, Wang & Manning 2012), with ``nb_alpha`` smoothing; the
  ratio is folded into the stored coefficients, so prediction is unchanged.

Coefficients are float32 in memory and float16 in a saved model (a few MB instead of tens).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

AUX_PREFIX = "aux:"
Matrix = NDArray[np.float64]


def aux_label(corpus: str, label: str) -> str:
    """The training label of an auxiliary-corpus row: ``aux:<corpus>:<label>``."""
    return f"{AUX_PREFIX}{corpus}:{label}"


def is_aux(labels: Sequence[str] | NDArray[Any]) -> NDArray[np.bool_]:
    return np.asarray([str(label).startswith(AUX_PREFIX) for label in labels], dtype=bool)


def as_logits(decision: Matrix) -> Matrix:
    """SVM decision scores as one column per class (a binary SVM's single score becomes ``[-d/2, d/2]``)."""
    decision = np.asarray(decision, dtype=np.float64)
    if decision.ndim == 1:
        return np.column_stack([-decision / 2, decision / 2])
    return decision


def fit_temperature(
    logits: Matrix, targets: NDArray[np.intp], *, balanced: bool = False
) -> tuple[float, Matrix]:
    """Temperature and per-class offsets (first fixed at 0) minimising the log loss of ``softmax``;
    ``balanced`` weighs each class equally (probabilities for equal class priors)."""
    n_classes = logits.shape[1]
    counts = np.bincount(targets, minlength=n_classes).astype(np.float64)
    weights = (1.0 / np.maximum(counts, 1.0))[targets] if balanced else np.ones(len(targets))
    weights = weights / weights.sum()

    def loss(params: Matrix) -> float:
        bias = np.concatenate([[0.0], params[1:]])
        scaled = logits / np.exp(params[0]) + bias
        return float(-(log_softmax(scaled, axis=1)[np.arange(len(targets)), targets] * weights).sum())

    result = minimize(loss, np.zeros(n_classes), method="L-BFGS-B")
    return float(np.exp(result.x[0])), np.concatenate([[0.0], result.x[1:]])


class TransferLinearClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Calibrated linear SVM on features plus auxiliary-corpus scores (see the module docstring)."""

    def __init__(
        self,
        *,
        C: float = 0.1,
        aux_C: float = 0.1,
        aux_scale: float = 0.1,
        class_weight: str | None = "balanced",
        calibration_folds: int = 5,
        balanced_calibration: bool = False,
        nb_alpha: float | None = None,
        random_state: int = 13,
    ) -> None:
        self.C = C
        self.aux_C = aux_C
        self.aux_scale = aux_scale
        self.class_weight = class_weight
        self.calibration_folds = calibration_folds
        self.balanced_calibration = balanced_calibration
        self.nb_alpha = nb_alpha
        self.random_state = random_state

    def fit(self, X: Any, y: Sequence[str], sample_weight: Any = None) -> TransferLinearClassifier:
        X = sp.csr_matrix(X)
        labels = np.asarray([str(label) for label in y], dtype=object)
        aux = is_aux(labels)
        self._fit_auxiliary(X[aux], labels[aux])
        weights = None if sample_weight is None else np.asarray(sample_weight)[~aux]
        stacked, target = self._stack(X[~aux]), labels[~aux]
        self.classes_ = np.unique(target)
        coef, intercept = self._fit_linear(stacked, target, weights, X.shape[1])
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = intercept.astype(np.float64)
        self._calibrate(stacked, target, X.shape[1])
        return self

    def _fit_linear(
        self, X: sp.csr_matrix, target: NDArray[Any], weights: Any, n_text: int
    ) -> tuple[Matrix, Matrix]:
        """Coefficients and intercepts of the main SVM (``n_text`` columns before the auxiliary scores)."""
        if self.nb_alpha is None:
            svm = LinearSVC(C=self.C, class_weight=self.class_weight).fit(X, target, sample_weight=weights)
            return np.asarray(svm.coef_), np.asarray(svm.intercept_)
        present = (X[:, :n_text] > 0).astype(np.float64)
        coefs: list[Matrix] = []
        intercepts: list[float] = []
        for label in self.classes_:
            positive = target == label
            p = self.nb_alpha + np.asarray(present[positive].sum(axis=0)).ravel()
            q = self.nb_alpha + np.asarray(present[~positive].sum(axis=0)).ravel()
            ratio = np.concatenate([np.log((p / p.sum()) / (q / q.sum())), np.ones(X.shape[1] - n_text)])
            svm = LinearSVC(C=self.C, class_weight=self.class_weight)
            svm.fit(sp.csr_matrix(X.multiply(ratio)), positive, sample_weight=weights)
            coefs.append(svm.coef_[0] * ratio)
            intercepts.append(float(svm.intercept_[0]))
        return np.vstack(coefs), np.asarray(intercepts)

    def _fit_auxiliary(self, X: sp.csr_matrix, labels: NDArray[Any]) -> None:
        corpora = sorted({label.split(":")[1] for label in labels})
        coefs: list[Matrix] = []
        intercepts: list[Matrix] = []
        names: list[str] = []
        for corpus in corpora:
            rows = np.asarray([label.split(":")[1] == corpus for label in labels])
            own = np.asarray([label.split(":", 2)[2] for label in labels[rows]])
            svm = LinearSVC(C=self.aux_C, class_weight=self.class_weight).fit(X[rows], own)
            coefs.append(svm.coef_)
            intercepts.append(svm.intercept_)
            shown = svm.classes_[1:] if len(svm.classes_) == 2 else svm.classes_
            names.extend(f"{corpus}:{name}" for name in shown)
        self.aux_names_ = names
        self.aux_coef_ = (np.vstack(coefs) if coefs else np.zeros((0, X.shape[1]))).astype(np.float32)
        self.aux_intercept_ = np.concatenate(intercepts) if intercepts else np.zeros(0)

    def _stack(self, X: Any) -> sp.csr_matrix:
        X = sp.csr_matrix(X)
        if not len(self.aux_coef_):
            return X
        scores = np.asarray(X @ self._transposed("aux_coef_")) + self.aux_intercept_
        return sp.hstack([X, sp.csr_matrix(scores * self.aux_scale)], format="csr")

    def _transposed(self, name: str) -> Matrix:
        """The coefficients ``name`` transposed, as the float64 C-ordered array a sparse product
        converts them to (kept while they are the same array)."""
        coef = getattr(self, name)
        cached = self.__dict__.get("_transposed_cache", {}).get(name)
        if cached is None or cached[0] is not coef:
            cached = (coef, np.ascontiguousarray(coef.T, dtype=np.float64))
            self.__dict__.setdefault("_transposed_cache", {})[name] = cached
        transposed: Matrix = cached[1]
        return transposed

    def _calibrate(self, stacked: sp.csr_matrix, target: NDArray[Any], n_text: int) -> None:
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        if self.nb_alpha is None:
            svm = LinearSVC(C=self.C, class_weight=self.class_weight)
            decision = cross_val_predict(svm, stacked, target, cv=folds, method="decision_function")
        else:
            decision = np.zeros((stacked.shape[0], len(self.classes_)))
            for fit_rows, out_rows in folds.split(stacked, target):
                coef, intercept = self._fit_linear(stacked[fit_rows], target[fit_rows], None, n_text)
                decision[out_rows] = np.asarray(stacked[out_rows] @ coef.T) + intercept
        indices = np.searchsorted(self.classes_, target)
        self.temperature_, self.class_offsets_ = fit_temperature(
            as_logits(decision), indices, balanced=self.balanced_calibration
        )

    def _folded(self) -> tuple[Matrix, Matrix]:
        """The weights and intercepts of the whole model on the text features alone.

        The auxiliary scores are linear in the features, so the main SVM's weights on them fold into
        the text weights: ``[X, s·(X A + a)] W = X (W_text + s·A W_aux) + s·a W_aux``. One product
        with a few columns replaces a product with every auxiliary class plus a stack (kept while
        the coefficients are the same arrays)."""
        cached = self.__dict__.get("_folded_cache")
        if cached is None or cached[0] is not self.coef_ or cached[1] is not self.aux_coef_:
            coef = np.asarray(self.coef_, dtype=np.float64)
            n_text = coef.shape[1] - len(self.aux_coef_)
            weights = coef[:, :n_text].T.copy()
            intercept = np.asarray(self.intercept_, dtype=np.float64).copy()
            if len(self.aux_coef_):
                aux_weights = coef[:, n_text:].T * self.aux_scale  # (n_aux, n_classes)
                weights += np.asarray(self.aux_coef_, dtype=np.float64).T @ aux_weights
                intercept += np.asarray(self.aux_intercept_, dtype=np.float64) @ aux_weights
            cached = (self.coef_, self.aux_coef_, np.ascontiguousarray(weights), intercept)
            self.__dict__["_folded_cache"] = cached
        return cached[2], cached[3]

    def decision_function(self, X: Any) -> Matrix:
        weights, intercept = self._folded()
        scores = np.asarray(sp.csr_matrix(X) @ weights, dtype=np.float64) + intercept
        result: Matrix = scores[:, 0] if scores.shape[1] == 1 else scores
        return result

    def predict_proba(self, X: Any) -> Matrix:
        return self.probabilities_from_decision(self.decision_function(X))

    def probabilities_from_decision(self, decision: Matrix) -> Matrix:
        """Calibrated probabilities of decision scores (what :meth:`decision_function` returns)."""
        logits = as_logits(decision)
        return np.asarray(softmax(logits / self.temperature_ + self.class_offsets_, axis=1))

    def predict(self, X: Any) -> NDArray[Any]:
        return np.asarray(self.classes_[self.predict_proba(X).argmax(axis=1)])

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = super().__getstate__()
        state.pop("_transposed_cache", None)
        state.pop("_folded_cache", None)
        for name in ("coef_", "aux_coef_"):
            if name in state:
                state[name] = state[name].astype(np.float16)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("nb_alpha", None)  # models saved before NB scaling existed
        for name in ("coef_", "aux_coef_"):
            if name in state:
                state[name] = np.asarray(state[name], dtype=np.float32)
        super().__setstate__(state)
