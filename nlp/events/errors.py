"""Errors of event clustering (the tree is written out in :mod:`nlp.events`)."""

from __future__ import annotations

from nlp.errors import NlpError


class EventError(NlpError):
    """Event clustering or ranking cannot run."""


class EventStoreError(EventError):
    """The events database cannot be reached or written; the message names the URL and the cause."""
