"""Negation scope: words after a negator (不, 没有, 并非 ...) up to the next punctuation, at most 3 words."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

NEGATORS = frozenset(
    [
        "不",
        "没",
        "没有",
        "无",
        "非",
        "未",
        "别",
        "莫",
        "勿",
        "不是",
        "并非",
        "并不",
        "毫无",
        "难以",
        "从未",
        "从不",
        "不再",
        "绝不",
        "不要",
        "不会",
        "不能",
        "不够",
        "不太",
        "无法",
        "未能",
        "不得",
        "甭",
        "休想",
        "决不",
        "毫不",
        "不曾",
        "未曾",
        "没什么",
    ]
)
SCOPE = 3
NEGATED_PREFIX = "¬"
_PUNCTUATION = frozenset("，。！？；：、,.!?;:…~～\n\r\t ()（）【】[]《》“”\"'")


def is_punctuation(token: str) -> bool:
    return _PUNCTUATION.issuperset(token)


MEMO_SIZE = 512


def negated_positions(tokens: Sequence[str]) -> frozenset[int]:
    """The positions of the tokens in a negation scope; adjacent negators cancel (不是不好 → 好 is
    not). The lexicon and the n-gram features of one text ask for the same token tuple (the
    segmentation memo's), so tuples are remembered by identity (hashing one would read every token)."""
    if not isinstance(tokens, tuple):
        return _scope_positions(tokens)
    entry = _BY_TUPLE.get(id(tokens))
    if entry is not None and entry[0] is tokens:
        return entry[1]
    positions = _scope_positions(tokens)
    if len(_BY_TUPLE) >= MEMO_SIZE:
        _BY_TUPLE.clear()  # a bounded memo; clearing is safe under threads
    _BY_TUPLE[id(tokens)] = (tokens, positions)  # the tuple is kept, so its id is not reused
    return positions


_BY_TUPLE: dict[int, tuple[tuple[str, ...], frozenset[int]]] = {}


def _scope_positions(tokens: Sequence[str]) -> frozenset[int]:
    if NEGATORS.isdisjoint(tokens):
        return frozenset()
    # only the few words after each negator are looked at (the rest are outside every scope)
    count = len(tokens)
    positions: list[int] = []
    negated, previous = False, -2
    for position in list(compress(range(count), map(NEGATORS.__contains__, tokens))):
        negated = not negated if position == previous + 1 else True
        previous = position
        for inside in range(position + 1, min(position + 1 + SCOPE, count)):
            token = tokens[inside]
            if token in NEGATORS or is_punctuation(token):
                break
            if negated:
                positions.append(inside)
    return frozenset(positions)


def negated_flags(tokens: Sequence[str]) -> list[bool]:
    """For each token, whether it is in a negation scope (:func:`negated_positions`)."""
    flags = [False] * len(tokens)
    for position in negated_positions(tokens):
        flags[position] = True
    return flags


def negated_tokens(tokens: Sequence[str]) -> list[str]:
    """``¬token`` for each token in a negation scope, in order."""
    positions = negated_positions(tokens)
    return [NEGATED_PREFIX + tokens[i] for i in sorted(positions)] if positions else []
