"""API tokens for other systems (``Authorization: Bearer qs_…``). A token acts as its user, with the
user's role; only its SHA-256 is stored, and it is shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, select, update

from app.web.database import WebDatabase, from_db, utc_now
from app.web.errors import InvalidInput
from app.web.tables import api_tokens, users

TOKEN_PREFIX = "qs_"
# last_used_at is written at most this often per token (reads should not all become writes).
_TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class ApiToken:
    id: int
    user_id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


class TokenStore:
    """Tokens in ``web_api_tokens``."""

    def __init__(self, database: WebDatabase) -> None:
        self.database = database

    def create(self, user_id: int, name: str) -> tuple[ApiToken, str]:
        """A new token; returns it and the secret value (never stored, never shown again)."""
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise InvalidInput("令牌名称须为 1–100 个字符。")
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        values = {
            "user_id": user_id,
            "name": label,
            "token_hash": _hash(raw),
            "prefix": raw[:10],
            "created_at": utc_now(),
        }
        with self.database.connect(write=True) as conn:
            token_id = conn.execute(api_tokens.insert().values(values)).inserted_primary_key
        assert token_id is not None
        token = self.get(int(token_id[0]))
        assert token is not None
        return token, raw

    def user_id_for(self, raw: str) -> int | None:
        """The user a live token belongs to, or None."""
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
            return None
        query = select(api_tokens.c.id, api_tokens.c.user_id, api_tokens.c.last_used_at).where(
            api_tokens.c.token_hash == _hash(raw), api_tokens.c.revoked_at.is_(None)
        )
        with self.database.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        now = utc_now()
        if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
            with self.database.connect(write=True) as conn:
                conn.execute(update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=now))
        return int(row.user_id)

    @staticmethod
    def _select() -> Select[Any]:
        return select(api_tokens, users.c.username).join(users, users.c.id == api_tokens.c.user_id)

    def get(self, token_id: int) -> ApiToken | None:
        with self.database.connect() as conn:
            row = conn.execute(self._select().where(api_tokens.c.id == token_id)).first()
        return _token(row) if row is not None else None

    def list(self, user_id: int | None = None) -> list[ApiToken]:
        query = self._select().order_by(api_tokens.c.created_at.desc(), api_tokens.c.id.desc())
        if user_id is not None:
            query = query.where(api_tokens.c.user_id == user_id)
        with self.database.connect() as conn:
            return [_token(row) for row in conn.execute(query)]

    def revoke(self, token_id: int) -> bool:
        query = (
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )
        with self.database.connect(write=True) as conn:
            return bool(conn.execute(query).rowcount)


def _token(row: Row[Any]) -> ApiToken:
    m = row._mapping
    created = from_db(m["created_at"])
    assert created is not None
    return ApiToken(
        id=m["id"],
        user_id=m["user_id"],
        username=m["username"],
        name=m["name"],
        prefix=m["prefix"],
        created_at=created,
        last_used_at=from_db(m["last_used_at"]),
        revoked_at=from_db(m["revoked_at"]),
    )
