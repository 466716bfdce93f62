"""Negation scope: words after a negator (不, 没有, 并非 ...) up to the next punctuation, at most 3 words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

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


def negation_scopes(
    negator: NDArray[np.bool_], punctuation: NDArray[np.bool_], lengths: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Per token of consecutive texts (``lengths`` tokens each), whether it is in a negation scope of
    its text: up to SCOPE tokens after a negator, up to the next negator or punctuation; adjacent
    negators cancel (不是不好 → 好 is not). Only the few tokens after each negator are looked at."""
    negated = np.zeros(len(negator), dtype=bool)
    positions = np.flatnonzero(negator).tolist()
    if not positions:
        return negated
    ends = np.cumsum(lengths)
    text_ends = ends[np.searchsorted(ends, positions, side="right")].tolist()
    stops = negator | punctuation
    state, previous, end_of_text = False, -2, -1
    for position, end in zip(positions, text_ends, strict=True):
        if end != end_of_text:  # the first negator of a text
            state, previous, end_of_text = False, -2, end
        state = not state if position == previous + 1 else True
        previous = position
        for inside in range(position + 1, min(position + 1 + SCOPE, end)):
            if stops[inside]:
                break
            negated[inside] = state
    return negated


def negated_positions(tokens: Sequence[str]) -> frozenset[int]:
    """The positions of the tokens of one text in a negation scope (:func:`negation_scopes`)."""
    if NEGATORS.isdisjoint(tokens):
        return frozenset()
    count = len(tokens)
    negator = np.fromiter(map(NEGATORS.__contains__, tokens), dtype=bool, count=count)
    punctuation = np.fromiter(map(is_punctuation, tokens), dtype=bool, count=count)
    scopes = negation_scopes(negator, punctuation, np.asarray([count], dtype=np.int64))
    return frozenset(np.flatnonzero(scopes).tolist())


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
