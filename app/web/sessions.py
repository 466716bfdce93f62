"""Server-side login sessions. The cookie holds a random id signed with itsdangerous; the table holds
its SHA-256, the user, the session's CSRF token and the expiry. Logging out, changing a password or a
role, or deactivating a user deletes the rows, so a copied cookie stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, select

from app.web.database import WebDatabase, utc_now
from app.web.tables import sessions, users
from app.web.users import User, user_from_row

COOKIE_NAME = "qs_session"
_SALT = "qingshan.web.session"
# Every request looks its session up: the statement is built once.
_LIVE_SESSION = (
    select(users, sessions.c.csrf_token)
    .join(sessions, sessions.c.user_id == users.c.id)
    .where(sessions.c.id_hash == bindparam("id_hash"), sessions.c.expires_at > bindparam("now"))
)


@dataclass(frozen=True)
class SessionInfo:
    user: User
    csrf_token: str


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii", "replace")).hexdigest()


class SessionStore:
    """Sessions in ``web_sessions``; cookie values are signed with ``secret_key``."""

    def __init__(self, database: WebDatabase, secret_key: str, *, lifetime: timedelta) -> None:
        self.database = database
        self.secret_key = secret_key
        self.lifetime = lifetime
        self._signer = URLSafeTimedSerializer(secret_key, salt=_SALT)

    def create(self, user_id: int) -> str:
        """A new session for ``user_id``; returns the cookie value."""
        raw = secrets.token_urlsafe(32)
        now = utc_now()
        row = {
            "id_hash": _hash(raw),
            "user_id": user_id,
            "csrf_token": secrets.token_urlsafe(32),
            "created_at": now,
            "expires_at": now + self.lifetime,
        }
        with self.database.connect(write=True) as conn:
            conn.execute(sessions.delete().where(sessions.c.expires_at < now))
            conn.execute(sessions.insert().values(row))
        return self._signer.dumps(raw)

    def _raw_id(self, cookie: str) -> str | None:
        try:
            raw = self._signer.loads(cookie, max_age=int(self.lifetime.total_seconds()))
        except BadSignature:
            return None
        return raw if isinstance(raw, str) else None

    def lookup(self, cookie: str) -> SessionInfo | None:
        """The live session a cookie names and its user (one query), or None (bad signature, expired,
        logged out)."""
        raw = self._raw_id(cookie)
        if raw is None:
            return None
        with self.database.connect() as conn:
            row = conn.execute(_LIVE_SESSION, {"id_hash": _hash(raw), "now": utc_now()}).first()
        return SessionInfo(user_from_row(row), row.csrf_token) if row is not None else None

    def delete(self, cookie: str) -> None:
        raw = self._raw_id(cookie)
        if raw is not None:
            with self.database.connect(write=True) as conn:
                conn.execute(sessions.delete().where(sessions.c.id_hash == _hash(raw)))
