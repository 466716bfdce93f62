"""Roles and what each may do. Every route names one :class:`Permission`; this table is the policy."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    PRESS = "press"  # press officer (新闻宣传人员): triages alerts
    SPOKESPERSON = "spokesperson"  # read-only

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "系统管理员",
    Role.ANALYST: "舆情分析员",
    Role.PRESS: "新闻宣传人员",
    Role.SPOKESPERSON: "新闻发言人（只读）",
}


class Permission(StrEnum):
    SEARCH = "search"  # search, documents, hotspots, events, exports
    SAVED_SEARCHES = "saved_searches"  # one's own saved searches (监测方案)
    ALERTS_VIEW = "alerts.view"
    ALERTS_ACT = "alerts.act"  # acknowledge, assign, respond, follow up, close
    DIGESTS = "digests"
    SOURCES = "sources"  # crawl health
    MODELS_VIEW = "models.view"
    MODELS_PROMOTE = "models.promote"
    USERS = "users"  # accounts and API tokens
    ACCOUNT = "account"  # one's own password


_READ = {Permission.SEARCH, Permission.ALERTS_VIEW, Permission.DIGESTS, Permission.ACCOUNT}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ANALYST: frozenset(
        _READ
        | {Permission.SAVED_SEARCHES, Permission.SOURCES, Permission.MODELS_VIEW, Permission.MODELS_PROMOTE}
    ),
    Role.PRESS: frozenset(_READ | {Permission.SAVED_SEARCHES, Permission.ALERTS_ACT, Permission.SOURCES}),
    Role.SPOKESPERSON: frozenset(_READ),
}


def allows(role: Role, permission: Permission) -> bool:
    """Whether ``role`` has ``permission``."""
    return permission in ROLE_PERMISSIONS[role]
