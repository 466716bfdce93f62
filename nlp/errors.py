"""Errors of the analysis models, their registry, training data and labels.

Exception tree::

    NlpError                    an NLP model, its data or its labels cannot be used
    ├── DataMissingError        a third-party corpus is not in the data directory (settings.data_dir)
    ├── ModelError              a trained model cannot be used
    │   ├── ModelNotFoundError  no such model version in the registry (``qingshan nlp models`` lists them)
    │   └── ModelLoadError      a model file is unreadable or holds types that are not trusted
    └── LabelError              analyst labels are malformed (unknown label, missing column)
        └── LabelOverlapError   labels would mix training and evaluation texts

Region extraction has its own tree in :mod:`nlp.regions`.
"""

from __future__ import annotations


class NlpError(Exception):
    """An NLP model, its data or its labels cannot be used."""


class DataMissingError(NlpError):
    """A third-party corpus is missing from the data directory."""


class ModelError(NlpError):
    """A trained model cannot be used."""


class ModelNotFoundError(ModelError):
    """No such model version in the registry."""


class ModelLoadError(ModelError):
    """A model file is unreadable or holds untrusted types."""


class LabelError(NlpError):
    """Analyst labels are malformed."""


class LabelOverlapError(LabelError):
    """Labelled texts overlap a set they must stay apart from (training vs evaluation)."""
