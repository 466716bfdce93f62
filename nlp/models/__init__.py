"""Trained models: skops serialization, the versioned registry and the hot-reloading loader.

``ModelRegistry.from_settings(settings)`` lists versions (``versions``), registers new ones
(``register``), switches the active one (``promote``); ``ActiveModel(registry, task)`` is what a
service holds. Errors: :mod:`nlp.errors` (``ModelNotFoundError``, ``ModelLoadError``).
"""

from nlp.models.loader import ActiveModel, LoadedModel
from nlp.models.registry import (
    DEFAULT_VERSION,
    SHIPPED_MODELS_DIR,
    ModelCard,
    ModelRegistry,
    ModelVersion,
)
from nlp.models.serialization import TRUSTED_TYPES, load_model, save_model
from nlp.models.tasks import TASKS, wrap

__all__ = [
    "DEFAULT_VERSION",
    "SHIPPED_MODELS_DIR",
    "TASKS",
    "TRUSTED_TYPES",
    "ActiveModel",
    "LoadedModel",
    "ModelCard",
    "ModelRegistry",
    "ModelVersion",
    "load_model",
    "save_model",
    "wrap",
]
