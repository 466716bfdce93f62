"""The model registry: versions of each task's model, their cards, and which one is active.

Layout (``<root>`` is ``settings.home / settings.nlp.models_dir``)::

    <root>/<task>/<version>/model.skops   the fitted pipeline (skops)
    <root>/<task>/<version>/card.json     ModelCard: data, split, metrics, parameters, who and when
    <root>/<task>/ACTIVE                  the active version's name (written atomically by promote)

The shipped default models live in the same layout under ``nlp/data/`` (version ``default``, read
only) and are active until an analyst promotes another version. Registered versions are ``v1``, ``v2``...
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp.errors import ModelLoadError, ModelNotFoundError
from nlp.models.serialization import load_model, save_model
from nlp.models.tasks import TASKS, wrap

if TYPE_CHECKING:
    from config import Settings

SHIPPED_MODELS_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_VERSION = "default"
_VERSION = re.compile(r"^v(\d+)$")


@dataclass
class ModelCard:
    """What a model version is: trained on what, evaluated how, by whom and when."""

    task: str
    version: str = ""
    created_at: str = ""
    created_by: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    notes: str = ""

    @classmethod
    def read(cls, path: Path) -> ModelCard:
        """The card in ``path``; ModelLoadError naming the file when it is not a valid card."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
            raise ModelLoadError(f"{path} is not a valid model card: {exc}") from exc

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class ModelVersion:
    """One version in the registry; ``shipped`` versions come with the package."""

    card: ModelCard
    path: Path
    shipped: bool

    @property
    def model_file(self) -> Path:
        return self.path / "model.skops"


class ModelRegistry:
    """Versions of each task's model under ``root``, with the shipped defaults as the fallback."""

    def __init__(
        self,
        root: Path,
        *,
        shipped: Path = SHIPPED_MODELS_DIR,
        options: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.root = root
        self.shipped = shipped
        # Per-task keyword arguments of the loaded model (SentimentModel / RelevanceModel).
        self.options = options or {}

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelRegistry:
        models_dir = settings.nlp.models_dir
        options = {
            "sentiment": {"incident_shift": settings.nlp.sentiment.incident_shift},
            "relevance": {"threshold": settings.nlp.relevance.threshold},
        }
        root = models_dir if models_dir.is_absolute() else settings.home / models_dir
        return cls(root, options=options)

    def check_task(self, task: str) -> None:
        if task not in TASKS:
            raise ModelNotFoundError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")

    def versions(self, task: str) -> list[ModelVersion]:
        """Shipped first, then registered versions in order."""
        self.check_task(task)
        found = [self._version(p, shipped=True) for p in self._dirs(self.shipped / task)]
        registered = sorted(self._dirs(self.root / task), key=lambda p: _number(p.name))
        return found + [self._version(p, shipped=False) for p in registered if _VERSION.match(p.name)]

    def get(self, task: str, version: str) -> ModelVersion:
        for candidate in self.versions(task):
            if candidate.card.version == version:
                return candidate
        known = ", ".join(v.card.version for v in self.versions(task)) or "none"
        raise ModelNotFoundError(f"no {task} model version {version!r} (known: {known})")

    def active_pointer(self, task: str) -> Path:
        return self.root / task / "ACTIVE"

    def active_version(self, task: str) -> str:
        """The promoted version, or ``default`` when nothing was promoted."""
        try:
            return self.active_pointer(task).read_text(encoding="utf-8").strip() or DEFAULT_VERSION
        except FileNotFoundError:
            return DEFAULT_VERSION

    def register(self, model: Any, card: ModelCard) -> ModelVersion:
        """Save ``model`` as the task's next version ``vN`` (not active until promoted)."""
        task_dir = self.root / card.task
        task_dir.mkdir(parents=True, exist_ok=True)
        path = self._allocate(task_dir)
        card.version = path.name
        card.created_at = card.created_at or datetime.now().astimezone().isoformat(timespec="seconds")
        save_model(model, path / "model.skops")
        card.write(path / "card.json")
        return ModelVersion(card, path, shipped=False)

    def promote(self, task: str, version: str) -> None:
        """Make ``version`` active; running loaders notice the pointer's new mtime and reload."""
        self.get(task, version)
        pointer = self.active_pointer(task)
        pointer.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=pointer.parent, prefix=".active-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(version + "\n")
        os.replace(tmp, pointer)

    def load(self, task: str, version: str | None = None) -> tuple[Any, ModelVersion]:
        """The task's model (SentimentModel / RelevanceModel) of ``version`` (default: the active one)
        and its registry entry; ModelLoadError names the file when it cannot be used."""
        entry = self.get(task, version or self.active_version(task))
        pipeline = load_model(entry.model_file)
        return wrap(task, pipeline, self.options.get(task), source=entry.model_file), entry

    def load_pipeline(self, task: str, version: str | None = None) -> tuple[Any, ModelVersion]:
        """The bare fitted pipeline of ``version`` and its registry entry."""
        entry = self.get(task, version or self.active_version(task))
        return load_model(entry.model_file), entry

    def _allocate(self, task_dir: Path) -> Path:
        numbers = [_number(p.name) for p in self._dirs(task_dir) if _VERSION.match(p.name)]
        number = max(numbers, default=0) + 1
        while True:
            path = task_dir / f"v{number}"
            try:
                path.mkdir()
                return path
            except FileExistsError:
                number += 1

    @staticmethod
    def _dirs(path: Path) -> list[Path]:
        return [p for p in path.iterdir() if (p / "card.json").is_file()] if path.is_dir() else []

    @staticmethod
    def _version(path: Path, *, shipped: bool) -> ModelVersion:
        card = ModelCard.read(path / "card.json")
        card.version = path.name
        return ModelVersion(card, path, shipped)


def _number(name: str) -> int:
    match = _VERSION.match(name)
    return int(match.group(1)) if match else 0
