"""The console's tables (SQLAlchemy Core, their own MetaData) in the database of record.

``web_roles`` (the four roles, seeded), ``web_users`` (argon2 password hashes), ``web_sessions``
(server-side sessions: the cookie carries a signed random id, the table its SHA-256), ``web_api_tokens``
(SHA-256 of bearer tokens for other systems), ``web_saved_searches`` (监测方案 per user) and
``web_login_failures`` (failed logins per user name and address, shared by every console worker).
Times are stored as naive UTC (failed logins as Unix seconds).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

roles = Table(
    "web_roles",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("label", String(40), nullable=False),
)

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False, default=""),
    Column("role", String(16), ForeignKey("web_roles.name"), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
    Column("last_login_at", DateTime),
)

sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
)

api_tokens = Table(
    "web_api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    Column("revoked_at", DateTime),
)

saved_searches = Table(
    "web_saved_searches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("query", Text, nullable=False),
    Column("params", JSON, nullable=False),  # the search form's filters and sort
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("user_id", "name", name="uq_web_saved_searches_user_name"),
)


login_failures = Table(
    "web_login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(80), nullable=False),  # user:<name> or addr:<address>
    Column("at", Float, nullable=False),  # Unix seconds
    Index("ix_web_login_failures_key_at", "key", "at"),
)
