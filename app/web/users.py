"""Console accounts: user names, roles, argon2id password hashes, activation.

users = UserStore(database, PasswordHasher(...))
users.add("wang", "a long passphrase", Role.PRESS, display_name="王宣传")
user = users.authenticate("wang", "a long passphrase")   # None when wrong
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Row, func, select, update

from app.web.database import WebDatabase, from_db, utc_now
from app.web.errors import InvalidInput, UserExists
from app.web.roles import Role
from app.web.tables import sessions, users
from config.models.web import PasswordHashing

logger = logging.getLogger(__name__)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{1,63}$")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime
    last_login_at: datetime | None

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


def make_hasher(params: PasswordHashing) -> PasswordHasher:
    """An argon2id hasher with the configured cost."""
    return PasswordHasher(
        time_cost=params.time_cost, memory_cost=params.memory_kib, parallelism=params.parallelism
    )


def normalize_username(username: str) -> str:
    """Lower-cased and checked: 2–64 of a-z 0-9 _ . @ -, starting with a letter or digit."""
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidInput("用户名须为 2–64 个字符，只能包含英文字母、数字和 _ . @ -，并以字母或数字开头。")
    return name


def user_from_row(row: Row[tuple[object, ...]]) -> User:
    m = row._mapping
    created = from_db(m["created_at"])
    assert created is not None
    return User(
        id=m["id"],
        username=m["username"],
        display_name=m["display_name"],
        role=Role(m["role"]),
        active=bool(m["active"]),
        created_at=created,
        last_login_at=from_db(m["last_login_at"]),
    )


class UserStore:
    """Accounts in ``web_users``."""

    def __init__(
        self, database: WebDatabase, hasher: PasswordHasher, *, min_password_length: int = 10
    ) -> None:
        self.database = database
        self.hasher = hasher
        self.min_password_length = min_password_length
        self._dummy_hash: str | None = None

    def check_password_strength(self, password: str) -> None:
        if len(password) < self.min_password_length:
            raise InvalidInput(f"密码至少需要 {self.min_password_length} 个字符。")
        if len(password) > 1024:
            raise InvalidInput("密码过长（最多 1024 个字符）。")

    def add(self, username: str, password: str, role: Role, *, display_name: str = "") -> User:
        name = normalize_username(username)
        self.check_password_strength(password)
        now = utc_now()
        values = {
            "username": name,
            "display_name": display_name.strip()[:100],
            "role": role.value,
            "password_hash": self.hasher.hash(password),
            "active": True,
            "created_at": now,
            "password_changed_at": now,
        }
        if self.by_username(name) is not None:
            raise UserExists(f"用户名 {name} 已存在。")
        with self.database.connect(write=True) as conn:
            conn.execute(users.insert().values(values))
        logger.info("user %s added with role %s", name, role.value)
        found = self.by_username(name)
        assert found is not None
        return found

    def by_username(self, username: str) -> User | None:
        query = select(users).where(users.c.username == username.strip().lower())
        with self.database.connect() as conn:
            row = conn.execute(query).first()
        return user_from_row(row) if row is not None else None

    def get(self, user_id: int) -> User | None:
        with self.database.connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).first()
        return user_from_row(row) if row is not None else None

    def list(self) -> list[User]:
        with self.database.connect() as conn:
            return [user_from_row(row) for row in conn.execute(select(users).order_by(users.c.username))]

    def count(self) -> int:
        with self.database.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(users)).scalar_one())

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user whose password this is, else None (same work whether the name exists or not)."""
        with self.database.connect() as conn:
            row = conn.execute(select(users).where(users.c.username == username.strip().lower())).first()
        if row is None or len(password) > 1024:
            self._burn_time(password[:1024])
            return None
        stored: str = row._mapping["password_hash"]
        if not self._verify(stored, password):
            return None
        user = user_from_row(row)
        if not user.active:
            return None
        self._after_login(user.id, stored, password)
        return user

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _burn_time(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash("qingshan-dummy-password")
        self._verify(self._dummy_hash, password)

    def _after_login(self, user_id: int, stored: str, password: str) -> None:
        values: dict[str, object] = {"last_login_at": utc_now()}
        if self.hasher.check_needs_rehash(stored):
            values["password_hash"] = self.hasher.hash(password)
        with self.database.connect(write=True) as conn:
            conn.execute(update(users).where(users.c.id == user_id).values(values))

    def set_password(self, user_id: int, password: str) -> None:
        """Replace the password and end every session of the user."""
        self.check_password_strength(password)
        values = {"password_hash": self.hasher.hash(password), "password_changed_at": utc_now()}
        self._update(user_id, values)

    def set_role(self, user_id: int, role: Role) -> None:
        self._update(user_id, {"role": role.value})

    def set_active(self, user_id: int, active: bool) -> None:
        self._update(user_id, {"active": active})

    def _update(self, user_id: int, values: dict[str, object]) -> None:
        """Change a user and end their sessions (a changed password, role or status takes effect now)."""
        with self.database.connect(write=True) as conn:
            changed = conn.execute(update(users).where(users.c.id == user_id).values(values)).rowcount
            conn.execute(sessions.delete().where(sessions.c.user_id == user_id))
        if not changed:
            raise InvalidInput("没有这个用户。")

    def verify_password(self, user_id: int, password: str) -> bool:
        """Whether ``password`` is the user's current password (for changing one's own)."""
        with self.database.connect() as conn:
            stored = conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar()
        return stored is not None and self._verify(stored, password)
