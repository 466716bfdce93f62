"""The key that signs session cookies: ``web.secret_key`` (from $QINGSHAN_SECRET_KEY), or one generated
once and kept in ``<home>/web-secret.key`` with mode 0600.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from app.web.errors import SecretKeyError
from config import Settings

logger = logging.getLogger(__name__)

SECRET_FILE = "web-secret.key"


def secret_key(settings: Settings) -> str:
    """The configured key, else the persisted one (created on first use)."""
    if settings.web.secret_key:
        return settings.web.secret_key
    return persisted_key(settings.home / SECRET_FILE)


def persisted_key(path: Path) -> str:
    """Read the key at ``path``, creating it (0600, never overwritten) when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    logger.warning("QINGSHAN_SECRET_KEY is not set: generated a session key in %s", path)
    return key


def _read(path: Path) -> str:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        logger.warning("%s is readable by others (mode %o): restricting it to 0600", path, mode)
        path.chmod(0o600)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise SecretKeyError(
            f"{path} holds no usable key (fewer than 32 characters): delete it to generate one"
        )
    return key
