"""Save and load fitted models with skops (never pickle), trusting an explicit list of types.

skops trusts scikit-learn, numpy and scipy types it knows; everything else a file references must
be in :data:`TRUSTED_TYPES`, or loading fails with :class:`nlp.errors.ModelLoadError` naming the
types. A model file from elsewhere can therefore not run arbitrary code on load.
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import skops.io as sio

from nlp.errors import ModelLoadError

logger = logging.getLogger(__name__)

TRUSTED_TYPES = (
    "nlp.classifier.TransferLinearClassifier",
    "nlp.features.environment.EnvironmentTermFeatures",
    "nlp.features.hashing.HashedNgramCounts",
    "nlp.features.lexicon.LexiconFeatures",
)


def save_model(model: Any, path: Path) -> None:
    """Write ``model`` to ``path`` atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".skops")
    os.close(fd)
    try:
        sio.dump(model, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a service under another user must read it
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_model(path: Path) -> Any:
    """Load a skops file whose every non-default type is in :data:`TRUSTED_TYPES`."""
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except (OSError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise ModelLoadError(f"{path} is not a readable skops model: {exc}") from exc
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise ModelLoadError(f"{path} references types that are not trusted: {', '.join(unknown)}")
    try:
        return sio.load(path, trusted=list(untrusted))
    except Exception as exc:  # skops raises many kinds on a corrupt file
        raise ModelLoadError(f"cannot load {path}: {exc}") from exc
