"""Configuration errors.

Exception tree::

    ConfigError                 a configuration could not be loaded; ``issues`` lists every problem
    └── (no subclasses)         each ConfigIssue names the file, the key path and what was expected
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in one file at one key path."""

    file: Path
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key_path}" if self.key_path else str(self.file)
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """The configuration is invalid; every issue is listed, not only the first."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"invalid configuration ({len(issues)} problem(s)):\n{lines}")
