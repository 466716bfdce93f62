"""Errors of region extraction (the tree is written out in :mod:`nlp.regions`)."""

from __future__ import annotations

from nlp.errors import NlpError


class RegionError(NlpError):
    """Region extraction cannot run."""


class GazetteerError(RegionError):
    """The gazetteer table or a word list is missing or malformed; rebuild it or fix the named line."""
