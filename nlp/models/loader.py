"""The model a running service uses: the registry's active version, reloaded when it is promoted.

:class:`ActiveModel` checks the inode and modification time of the task's ``ACTIVE`` pointer on
each ``get()`` (one ``stat``; promote replaces the file, so the inode changes even within one clock tick) and loads the newly active version when it changed, so ``qingshan nlp
promote`` takes effect without restarting the service. A pinned version never changes.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from nlp.models.registry import ModelRegistry, ModelVersion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    """A fitted model and the registry entry it came from."""

    model: Any
    entry: ModelVersion

    @property
    def version(self) -> str:
        return self.entry.card.version


class ActiveModel:
    """The active (or pinned) version of one task's model, loaded lazily and reloaded on promotion."""

    def __init__(self, registry: ModelRegistry, task: str, *, pinned: str | None = None) -> None:
        self.registry = registry
        self.task = task
        self.pinned = pinned
        self._loaded: LoadedModel | None = None
        self._stamp: tuple[int, int] | None = (-1, -1)
        self._lock = threading.Lock()

    def get(self) -> LoadedModel:
        stamp = None if self.pinned else self._pointer_stamp()
        loaded = self._loaded
        if loaded is None or stamp != self._stamp:
            with self._lock:
                if self._loaded is None or stamp != self._stamp:
                    self._loaded = self._load()
                    self._stamp = stamp
                loaded = self._loaded
        return loaded

    def _pointer_stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.registry.active_pointer(self.task).stat()
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def _load(self) -> LoadedModel:
        version = self.pinned or self.registry.active_version(self.task)
        if self._loaded is not None and self._loaded.version == version:
            return self._loaded
        model, entry = self.registry.load(self.task, version)
        logger.info("loaded %s model %s from %s", self.task, version, entry.path)
        return LoadedModel(model, entry)
