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


def _common_compatibility_forms() -> tuple[tuple[str, str], ...]:
    """The characters of Chinese posts that NFKC changes most often (full-width punctuation,
    ideographic space, ellipsis, ℃, no-break space), each with its compatibility decomposition."""
    code_points = [
        *range(0xFF01, 0xFF10),
        *range(0xFF1A, 0xFF21),
        *range(0xFF3B, 0xFF41),
        *range(0xFF5B, 0xFF5F),
        0x3000,
        0x2026,
        0x2103,
        0xA0,
    ]
    return tuple((chr(c), unicodedata.normalize("NFKD", chr(c))) for c in code_points)


_COMMON_FORMS = _common_compatibility_forms()


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster on Chinese text.

    NFKC decomposes every character to its NFKD form before composing, so replacing some characters
    by their NFKD forms first changes nothing but the work left. After the common full-width
    punctuation is replaced (a fast ``str.replace`` each), most posts are already normalised, which
    a quick check tells without normalising them."""
    for form, decomposed in _COMMON_FORMS:
        if form in text:
            text = text.replace(form, decomposed)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


CLEAN_MEMO_SIZE = 1024


def clean_post(text: str) -> str:
    """NFKC, emoticons, mentions, links and repost markers removed, whitespace collapsed (memoised).

    The analysis cleans a text, then its models clean the cleaned text again: a cleaned text from
    which no markup was removed is its own clean form, and is remembered as such."""
    if text in _CLEAN:
        return text
    cleaned, unmarked = _cleaned(text)
    if unmarked and cleaned not in _CLEAN:
        if len(_CLEAN) >= CLEAN_MEMO_SIZE:
            _CLEAN.clear()  # a bounded memo; clearing is safe under threads
        _CLEAN[cleaned] = None
    return cleaned


_CLEAN: dict[str, None] = {}  # cleaned texts that clean to themselves (emptied when full)
_MARKUP = ((("http", "www."), _LINK), (("@",), _MENTION), (("//", "回复"), _REPOST))


@functools.lru_cache(maxsize=1024)
def _cleaned(text: str) -> tuple[str, bool]:
    """The clean form of ``text``, and whether no markup was removed (then only NFKC and whitespace
    changed the text, and its clean form cleans to itself). Each pattern runs only on texts holding
    a character it needs (most posts hold none)."""
    text = nfkc(text)
    unmarked = True
    if "[" in text:
        text, removed = EMOTICON.subn("", text)
        unmarked = not removed
    for needed, pattern in _MARKUP:
        if any(n in text for n in needed):
            text, removed = pattern.subn(" ", text)
            unmarked = unmarked and not removed
    return " ".join(text.split()), unmarked  # str.split's whitespace is the \s of a str pattern
