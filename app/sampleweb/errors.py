"""Exceptions of the sample web (the tree is documented in ``app.sampleweb``)."""

from __future__ import annotations


class SampleWebError(Exception):
    """Base of every sample-web error."""


class UnknownModeError(SampleWebError, ValueError):
    """A control request named a source or mode that does not exist."""


class ServerStateError(SampleWebError, RuntimeError):
    """The server was used in the wrong state (``base_url`` before ``start()``, ``start()`` twice)."""
