"""Typed settings with shipped YAML defaults, a user override directory and ``$env`` secrets."""

from config.errors import ConfigError, ConfigIssue
from config.loader import CONFIG_ENV, SHIPPED_DIR, load_settings
from config.settings import SECTION_FILES, Settings

__all__ = [
    "CONFIG_ENV",
    "SECTION_FILES",
    "SHIPPED_DIR",
    "ConfigError",
    "ConfigIssue",
    "Settings",
    "load_settings",
]
