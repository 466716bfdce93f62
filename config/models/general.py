"""General settings: home directory, time zone, data directory, logging."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from config.models.base import StrictModel
from config.models.storage import StorageSettings


class GeneralSettings(StrictModel):
    """``settings.yaml``."""

    # Where the database, indices, models and archives live. Relative paths resolve against the
    # user config directory when one is given, else against the current directory.
    home: Path = Path("var")
    timezone: str = "Asia/Shanghai"
    # Third-party corpora for training and evaluation (never copied into the repository).
    data_dir: Path = Path("../shared/data")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    storage: StorageSettings = StorageSettings()
    search_page_size: int = Field(default=20, ge=1, le=500)
