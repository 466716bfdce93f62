"""The web console (``web.yaml``): address, session cookies, login throttling, password hashing, exports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from config.models.base import StrictModel


class PasswordHashing(StrictModel):
    """argon2id parameters (argon2-cffi); the defaults are the library's RFC 9106 low-memory profile."""

    time_cost: int = Field(default=3, ge=1, le=20)
    memory_kib: int = Field(default=65536, ge=1024, le=4_194_304)
    parallelism: int = Field(default=4, ge=1, le=64)


class LoginThrottle(StrictModel):
    """Failed logins allowed per user name and per client address within a sliding window."""

    max_failures: int = Field(default=5, ge=1, le=1000)
    # Higher: one office behind one address shares this limit.
    max_failures_per_address: int = Field(default=30, ge=1, le=100_000)
    window_s: int = Field(default=900, ge=1, le=86_400)


class WebSettings(StrictModel):
    """``web.yaml``."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # Signs session cookies. Write {"$env": "QINGSHAN_SECRET_KEY"}; when unset, a key is generated
    # once and kept in <home>/web-secret.key (mode 0600).
    secret_key: str | None = Field(default=None, min_length=32)
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    same_site: Literal["lax", "strict"] = "lax"
    # Send cookies over HTTPS only; turn on when the console is served behind TLS.
    secure_cookies: bool = False
    login_throttle: LoginThrottle = LoginThrottle()
    password_hashing: PasswordHashing = PasswordHashing()
    password_min_length: int = Field(default=10, ge=8, le=128)
    # Rows in one CSV or Excel export of search results.
    export_max_rows: int = Field(default=5000, ge=1, le=100_000)
    # Events listed on the hotspots page.
    hotspots_limit: int = Field(default=20, ge=1, le=200)
    # Search pages (and their facet counts) each console process remembers until the index changes;
    # 0 turns the cache off.
    search_cache_entries: int = Field(default=512, ge=0, le=100_000)
