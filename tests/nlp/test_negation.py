"""Negation scope: the memoised positions give the plain definition's flags."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.features.negation import (
    NEGATED_PREFIX,
    NEGATORS,
    SCOPE,
    is_punctuation,
    negated_flags,
    negated_positions,
    negated_tokens,
)

TOKENS = ["不", "没有", "并非", "好", "污染", "河水", "，", "。", "!", "发臭", "真", " ", "不是"]


def plain_flags(tokens: list[str]) -> list[bool]:
    """Every token after a negator, up to SCOPE tokens or punctuation; adjacent negators cancel."""
    flags = [False] * len(tokens)
    negated, previous = False, -2
    for position, token in enumerate(tokens):
        if token not in NEGATORS:
            continue
        negated = not negated if position == previous + 1 else True
        previous = position
        for inside in range(position + 1, min(position + 1 + SCOPE, len(tokens))):
            if tokens[inside] in NEGATORS or is_punctuation(tokens[inside]):
                break
            flags[inside] = negated
    return flags


@settings(max_examples=400)
@given(st.lists(st.sampled_from(TOKENS), max_size=20))
def test_positions_are_the_plain_flags(tokens: list[str]) -> None:
    expected = plain_flags(tokens)
    assert negated_flags(tokens) == expected
    assert negated_flags(tuple(tokens)) == expected  # a tuple, as the segmentation memo gives
    assert negated_tokens(tokens) == [NEGATED_PREFIX + t for t, f in zip(tokens, expected, strict=True) if f]


def test_double_negation_and_punctuation() -> None:
    assert negated_positions(("不", "好")) == {1}
    assert negated_positions(("不是", "不", "好")) == frozenset()
    assert negated_positions(("不", "，", "好")) == frozenset()
    assert negated_tokens(("没有", "污染", "河水", "发臭", "真")) == ["¬污染", "¬河水", "¬发臭"]
