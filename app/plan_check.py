"""Cross-file configuration checks that need the query language (config cannot import indexer)."""

from __future__ import annotations

from pathlib import Path

from config import SHIPPED_DIR, ConfigIssue, Settings
from indexer.errors import QuerySyntaxError
from indexer.query import parse


def _blame(settings: Settings, filename: str) -> Path:
    user = settings.config_dir / filename if settings.config_dir else None
    return user if user is not None and user.exists() else SHIPPED_DIR / filename


def check_plans(settings: Settings) -> list[ConfigIssue]:
    """Every keyword plan and alert rule query must parse."""
    issues: list[ConfigIssue] = []
    queries = [("plans.yaml", f"plans[{i}].query", p.query) for i, p in enumerate(settings.plans.plans)]
    queries += [("alerts.yaml", f"rules[{i}].query", r.query) for i, r in enumerate(settings.alerts.rules)]
    for filename, key_path, query in queries:
        try:
            parse(query)
        except QuerySyntaxError as exc:
            issues.append(ConfigIssue(_blame(settings, filename), key_path, f"invalid query: {exc}"))
    return issues
