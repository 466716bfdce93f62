"""Load the shipped YAML defaults, overlay a user config directory, resolve secrets, validate.

Every problem is reported with the file, the key path and what was expected; unknown keys and
unknown files are errors, never ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from config.errors import ConfigError, ConfigIssue
from config.settings import SECTION_FILES, Settings

SHIPPED_DIR = Path(__file__).resolve().parent
CONFIG_ENV = "QINGSHAN_CONFIG"


def load_settings(config_dir: Path | str | None = None) -> Settings:
    """Load settings from the shipped defaults overlaid with ``config_dir`` (or ``$QINGSHAN_CONFIG``)."""
    user_dir = _user_dir(config_dir)
    issues: list[ConfigIssue] = []
    if user_dir is not None:
        issues.extend(_unknown_files(user_dir))
    sections: dict[str, BaseModel] = {}
    for filename, (section, model) in SECTION_FILES.items():
        value = _load_section(filename, model, user_dir, issues)
        if value is not None:
            sections[section] = value
    if issues:
        raise ConfigError(issues)
    return Settings(config_dir=user_dir, **sections)


def _user_dir(config_dir: Path | str | None) -> Path | None:
    raw = config_dir if config_dir is not None else os.environ.get(CONFIG_ENV) or None
    if raw is None:
        return None
    path = Path(raw).expanduser().resolve()
    if not path.is_dir():
        raise ConfigError([ConfigIssue(path, "", "config directory does not exist (run `qingshan init`)")])
    return path


def _unknown_files(user_dir: Path) -> list[ConfigIssue]:
    known = set(SECTION_FILES)
    return [
        ConfigIssue(path, "", f"unknown configuration file; expected one of {sorted(known)}")
        for path in sorted(user_dir.glob("*.y*ml"))
        if path.name not in known
    ]


def _load_section(
    filename: str, model: type[BaseModel], user_dir: Path | None, issues: list[ConfigIssue]
) -> BaseModel | None:
    shipped_path = SHIPPED_DIR / filename
    shipped = _read_yaml(shipped_path, issues)
    user_path = user_dir / filename if user_dir is not None else None
    user = _read_yaml(user_path, issues) if user_path is not None and user_path.exists() else {}
    if shipped is None or user is None:
        return None
    merged = deep_merge(shipped, user)
    resolved = resolve_env(merged, filename, issues)
    try:
        return model.model_validate(resolved)
    except ValidationError as exc:
        for error in exc.errors():
            key_path = format_key_path(error["loc"])
            blame = user_path if user_path is not None and _has_path(user, error["loc"]) else shipped_path
            issues.append(ConfigIssue(blame, key_path, _explain(error)))
        return None


def _read_yaml(path: Path, issues: list[ConfigIssue]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        issues.append(ConfigIssue(path, "", f"cannot read file: {exc}"))
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        issues.append(ConfigIssue(path, "", f"invalid YAML: {where}{getattr(exc, 'problem', exc)}"))
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        issues.append(
            ConfigIssue(path, "", f"expected a mapping at the top level, got {type(data).__name__}")
        )
        return None
    return data


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge mappings recursively; lists and scalars in ``override`` replace those in ``base``."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping) and not _is_env_ref(value):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve_env(value: Any, filename: str, issues: list[ConfigIssue], path: tuple[Any, ...] = ()) -> Any:
    """Replace ``{"$env": "NAME"}`` with the environment variable's value (``None`` when unset)."""
    if _is_env_ref(value):
        name = value["$env"]
        if not isinstance(name, str) or not name:
            issues.append(
                ConfigIssue(SHIPPED_DIR / filename, format_key_path(path), "$env needs a variable name")
            )
            return None
        return os.environ.get(name)
    if isinstance(value, Mapping):
        return {k: resolve_env(v, filename, issues, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_env(v, filename, issues, (*path, i)) for i, v in enumerate(value)]
    return value


def _is_env_ref(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"$env"}


def _has_path(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Whether the value at ``loc`` comes from ``data`` (a list replaces the shipped one whole, so all
    below it is the user's, including tags pydantic adds to the path such as a union's variant name)."""
    for key in loc:
        if isinstance(data, Mapping):
            if key not in data:
                return False
            data = data[key]
        else:
            return isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data)
    return True


def format_key_path(loc: tuple[Any, ...]) -> str:
    """``("sources", 0, "url")`` → ``sources[0].url``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; unknown keys are not ignored)"
    if kind == "missing":
        return "required key is missing"
    got = error.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{error.get('msg', 'invalid value')} (got {shown})"
