"""Sending one outbox message to one channel through apprise, with its idempotency key.

Channels are apprise URLs: ``mailto://`` / ``mailtos://`` (SMTP), ``json://`` / ``jsons://`` (a generic
JSON webhook), ``dingtalk://``, ``wecombot://`` (WeCom), ``feishu://``, ``lark://`` and any other
apprise scheme. What each does with the idempotency key (the same on every retry of a message):

* e-mail: the key is the ``Message-ID`` (``<key@qingshan>``) and an ``X-Qingshan-Idempotency-Key``
  header; updates of one alert carry ``References: <alert-N@qingshan>`` so clients thread them. SMTP
  servers accept a resent copy, but mail clients and archives drop duplicates by Message-ID.
* JSON webhook: an ``Idempotency-Key`` header and an ``idempotency_key`` field, plus the structured
  ``alert`` payload; receivers discard a key they have seen.
* DingTalk, WeCom, Feishu/Lark: their bot APIs take no idempotency key, so a crash between the send
  and the outbox update may repeat a message there (never lose one).

apprise builds the Message-ID itself; :func:`install_message_id_hook` makes its ``make_msgid`` return
ours while a send is in progress (a context variable), and leaves it unchanged otherwise.
"""

from __future__ import annotations

import importlib
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import apprise

logger = logging.getLogger(__name__)

EMAIL_SCHEMES = frozenset({"mailto", "mailtos"})
WEBHOOK_SCHEMES = frozenset({"json", "jsons"})
MESSAGE_ID_DOMAIN = "qingshan"

_message_id: ContextVar[str | None] = ContextVar("qingshan_message_id", default=None)


@dataclass(frozen=True)
class OutgoingMessage:
    """What a channel sends: the same key on every attempt."""

    idempotency_key: str
    thread_key: str
    subject: str
    body_text: str
    body_html: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SendOutcome:
    ok: bool
    error: str = ""


class NotificationSender(Protocol):
    """Sends one message to one channel URL; never raises for channel failures."""

    def send(self, url: str, message: OutgoingMessage) -> SendOutcome: ...


def channel_kind(url: str) -> str:
    """``email``, ``webhook`` or the apprise scheme (``dingtalk``, ``wecombot``, ``feishu``, ``lark``…)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in EMAIL_SCHEMES:
        return "email"
    if scheme in WEBHOOK_SCHEMES:
        return "webhook"
    return scheme


def message_id(key: str) -> str:
    return f"<{key}@{MESSAGE_ID_DOMAIN}>"


def validate_channel_url(url: str) -> str | None:
    """An error message when apprise cannot use ``url``, else None."""
    install_message_id_hook()
    if apprise.Apprise.instantiate(url) is None:
        return "apprise does not accept this URL (check the scheme and its required parts)"
    return None


class AppriseSender:
    """The production sender: one apprise plugin per message, synchronous, errors captured."""

    def send(self, url: str, message: OutgoingMessage) -> SendOutcome:
        install_message_id_hook()
        plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            return SendOutcome(False, "invalid apprise URL")
        kind = channel_kind(url)
        _attach_idempotency(plugin, kind, message)
        html = kind == "email"
        fixed_id = message_id(message.idempotency_key) if html else None
        with _fixed_message_id(fixed_id), _captured_log() as captured:
            ok = bool(
                plugin.notify(
                    body=message.body_html if html else message.body_text,
                    title=message.subject,
                    body_format=apprise.NotifyFormat.HTML if html else apprise.NotifyFormat.TEXT,
                )
            )
        error = (
            "" if ok else (captured.getvalue().strip().splitlines() or ["channel refused the message"])[-1]
        )
        return SendOutcome(ok, error[:500])


def _attach_idempotency(plugin: Any, kind: str, message: OutgoingMessage) -> None:
    headers = getattr(plugin, "headers", None)
    if kind == "email" and isinstance(headers, dict):
        headers["X-Qingshan-Idempotency-Key"] = message.idempotency_key
        headers["References"] = message_id(message.thread_key)
    elif isinstance(headers, dict):
        headers["Idempotency-Key"] = message.idempotency_key
    extras = getattr(plugin, "payload_extras", None)
    if kind == "webhook" and isinstance(extras, dict):
        extras["idempotency_key"] = message.idempotency_key
        extras["alert"] = message.payload


@contextmanager
def _captured_log() -> Iterator[Any]:
    """apprise's warnings during one send (the reason a send failed)."""
    with apprise.LogCapture(level=logging.WARNING) as captured:  # type: ignore[no-untyped-call]
        yield captured


@contextmanager
def _fixed_message_id(value: str | None) -> Iterator[None]:
    install_message_id_hook()
    token = _message_id.set(value)
    try:
        yield
    finally:
        _message_id.reset(token)


def _email_plugin_module() -> Any:
    """apprise's e-mail module; its import of ``imghdr`` warns on Python 3.11+ (apprise's, not ours)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'imghdr' is deprecated", DeprecationWarning)
        return importlib.import_module("apprise.plugins.email.base")


def install_message_id_hook() -> None:
    """Make apprise's e-mail Message-ID ours during a send (idempotent; see the module docstring)."""
    namespace = vars(_email_plugin_module())
    original: Callable[..., str] = namespace["make_msgid"]
    if getattr(original, "_qingshan_hook", False):
        return

    def make_msgid(idstring: str | None = None, domain: str | None = None) -> str:
        return _message_id.get() or original(idstring=idstring, domain=domain)

    make_msgid._qingshan_hook = True  # type: ignore[attr-defined]
    namespace["make_msgid"] = make_msgid
