"""Text clean-up shared by the models: social-media markup out, the words kept.

Weibo emoticons (``[哈哈]``) are stripped everywhere: in weibo_senti_100k they *are* the labels, so a
model that sees them learns the emoticon, not the sentiment. Mentions, links and repost markers are
reduced to plain separators.
"""

from __future__ import annotations

import functools
import re
import unicodedata

EMOTICON = re.compile(r"\[[^\[\]\s]{1,10}\]")
_MENTION = re.compile(r"@[\w\-·]{1,30}[:：]?")
_LINK = re.compile(r"https?://\S+|www\.\S+")
_REPOST = re.compile(r"//|回复")


def strip_emoticons(text: str) -> str:
    """``text`` without Weibo ``[表情]`` tokens."""
    return EMOTICON.sub("", text)


def _compatibility_table() -> dict[int, str]:
    """Each full-width form, ideographic space, ellipsis, circled number and typographic space mapped
    to its compatibility decomposition (NFKD): the characters of Chinese text that NFKC changes."""
    code_points = [
        *range(0xFF01, 0xFFEF),
        0x3000,
        0x2026,
        *range(0x2000, 0x200B),
        *range(0x2460, 0x2500),
        0xA0,
    ]
    table: dict[int, str] = {}
    for code_point in code_points:
        char = chr(code_point)
        decomposed = unicodedata.normalize("NFKD", char)
        if decomposed != char:
            table[code_point] = decomposed
    return table


_COMPATIBILITY = _compatibility_table()


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text.

    NFKC decomposes every character to its NFKD form before composing, so mapping some characters
    to their NFKD forms first (one ``translate``) changes nothing but the work left: most posts are
    then already normalised, which a quick check tells without normalising them."""
    text = text.translate(_COMPATIBILITY)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=1024)
def clean_post(text: str) -> str:
    """NFKC, emoticons, mentions, links and repost markers removed, whitespace collapsed (memoised).

    Each pattern runs only on texts holding a character it needs (most posts hold none)."""
    text = nfkc(text)
    if "[" in text:
        text = strip_emoticons(text)
    if "http" in text or "www." in text:
        text = _LINK.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    if "//" in text or "回复" in text:
        text = _REPOST.sub(" ", text)
    return " ".join(text.split())  # str.split's whitespace is the \s of a str pattern
