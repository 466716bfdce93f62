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
_SPACES = re.compile(r"\s+")


def strip_emoticons(text: str) -> str:
    """``text`` without Weibo ``[表情]`` tokens."""
    return EMOTICON.sub("", text)


@functools.lru_cache(maxsize=1024)
def clean_post(text: str) -> str:
    """NFKC, emoticons, mentions, links and repost markers removed, whitespace collapsed (memoised)."""
    text = unicodedata.normalize("NFKC", text)
    text = strip_emoticons(text)
    text = _LINK.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _REPOST.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
