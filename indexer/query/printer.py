"""``to_text``: the canonical query text of an AST, such that ``parse(to_text(node)) == node``.

Canonical form: implicit AND by a space, `` | `` for OR, ``-`` for NOT, parentheses only where the
structure needs them (an Or inside an And, an And or Or inside an And/Not of the same kind), and
keyword values quoted only when they would not read back as one word.
"""

from __future__ import annotations

from indexer.errors import QuerySyntaxError
from indexer.query.lexer import TokenKind, lex
from indexer.query.nodes import And, KeywordTerm, MatchAll, Node, Not, Or, Phrase, Term


def to_text(node: Node) -> str:
    """Query text for ``node``; MatchAll is the empty query and cannot be nested."""
    if isinstance(node, MatchAll):
        return ""
    return _render(node)


def _render(node: Node) -> str:
    if isinstance(node, Term):
        return node.text if node.field is None else f"{node.field}:{node.text}"
    if isinstance(node, Phrase):
        prefix = "" if node.field is None else f"{node.field}:"
        return f'{prefix}"{node.text}"'
    if isinstance(node, KeywordTerm):
        return _keyword_text(node)
    if isinstance(node, Not):
        return "-" + _operand(node.child, (And, Or))
    if isinstance(node, And):
        return " ".join(_operand(child, (And, Or)) for child in node.children)
    if isinstance(node, Or):
        return " | ".join(_operand(child, (Or,)) for child in node.children)
    raise ValueError("MatchAll can only be the whole query, not part of one")


def _operand(node: Node, needs_parentheses: tuple[type, ...]) -> str:
    text = _render(node)
    return f"({text})" if isinstance(node, needs_parentheses) else text


def _keyword_text(node: KeywordTerm) -> str:
    bare = f"{node.field}:{node.value}"
    try:
        tokens = lex(bare)
    except QuerySyntaxError:
        tokens = []
    if len(tokens) == 1 and tokens[0].kind is TokenKind.FIELD_WORD and tokens[0].text == node.value:
        return bare
    return f'{node.field}:"{node.value}"'
