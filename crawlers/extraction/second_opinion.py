"""Trafilatura as a second opinion, consulted when the density finder's answer is thin.

The density finder is cheap and, on Chinese news, portal and forum pages, more precise than trafilatura;
trafilatura (its fast mode, without comments) is asked only when the density body is short, and its answer
replaces ours only when it is clearly longer and more sentence-like.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

# Below this many visible characters the density body is double-checked.
MIN_CONFIDENT_CHARS = 200
# Trafilatura's text must be this many times longer to replace ours.
REPLACE_RATIO = 1.5
_SENTENCE_MARKS = re.compile(r"[，。！？；,.!?;]")


def needs_second_opinion(text: str) -> bool:
    return visible_chars(text) < MIN_CONFIDENT_CHARS


def trafilatura_text(page: str) -> str:
    """Trafilatura's body text for ``page`` (empty when it finds none)."""
    import trafilatura  # imported on first use: most pages never need it

    try:
        result = trafilatura.extract(page, fast=True, include_comments=False, include_tables=True)
    except (ValueError, TypeError) as exc:  # trafilatura raises these on some malformed trees
        logger.debug("trafilatura failed on a page: %s", exc)
        return ""
    return str(result or "")


def prefer_second_opinion(ours: str, theirs: str) -> bool:
    """Whether trafilatura's ``theirs`` should replace the density finder's ``ours``."""
    if not theirs.strip():
        return False
    if not ours.strip():
        return True
    longer = visible_chars(theirs) >= REPLACE_RATIO * visible_chars(ours)
    return longer and len(_SENTENCE_MARKS.findall(theirs)) > len(_SENTENCE_MARKS.findall(ours))


def visible_chars(text: str) -> int:
    return len("".join(text.split()))
