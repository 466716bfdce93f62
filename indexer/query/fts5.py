"""Compile a query to an SQLite FTS5 MATCH expression.

The FTS5 table has the columns ``title``, ``text`` (the space-joined analysed terms) and ``tags``
(``document_tags(doc)`` space-joined), tokenizer ``unicode61 remove_diacritics 0``. Every user-typed
string ends up as an analysed term inside double quotes (``"`` doubled, NUL dropped) and every
operator and parenthesis is ours, so no input can produce an FTS5 syntax error.

The query is first put in normal form (negations on leaves, see ``normal_form``). FTS5's NOT is
binary, so a negated leaf x is ``tags : "qsall" NOT x``, or ``y NOT x`` inside an AND. FTS5's
precedence is NOT > AND > OR, so only an OR inside an AND needs parentheses; the deepest group is
written first because FTS5's parser stack overflows on about 32 right-nested groups but holds
about 95 left-nested ones. A leaf with no terms is a tag no document has.

Analysed terms and ``unicode61`` tokens agree for every character but 22 (checked over all of
Unicode with SQLite 3.40): ``ς`` folds to ``σ`` in FTS5, and 21 New Tai Lue / Vedic signs that
Python counts as letters are separators to FTS5.
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.fields import ALL_TAG, tag_token
from indexer.query.leaves import Analyzer, leaf_alternatives, leaf_fields
from indexer.query.nodes import And, KeywordTerm, Node, Not, Or, Phrase, Term
from indexer.query.normal_form import deepest_first, normal_form

TAGS_COLUMN = "tags"
# No document carries it: tag_token() always puts an "x" after the field name.
NONE_TAG = "qsnone"


def to_fts5(node: Node, analyzer: Analyzer) -> str:
    """The FTS5 MATCH expression for ``node``, in parentheses so it can be combined as it is."""
    return "(" + _Fts5Writer(analyzer).expression(normal_form(node)) + ")"


def quote(term: str) -> str:
    """An FTS5 string literal: double quotes, inner quotes doubled, NUL (which ends FTS5 input) removed."""
    return '"' + term.replace("\x00", "").replace('"', '""') + '"'


def _tag(token: str) -> str:
    return f"{TAGS_COLUMN} : {quote(token)}"


class _Fts5Writer:
    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer

    def expression(self, node: Node) -> str:
        if isinstance(node, And):
            return self.conjunction(node.children)
        if isinstance(node, Not):
            return self.conjunction([node])
        if isinstance(node, Or):
            return " OR ".join(self.expression(child) for child in deepest_first(list(node.children)))
        return self.leaf(node)

    def conjunction(self, children: Sequence[Node]) -> str:
        """Positive children joined by AND (ORs in parentheses), then ``NOT leaf`` for each negated one."""
        positive = deepest_first([child for child in children if not isinstance(child, Not)])
        parts = [f"({self.expression(c)})" if isinstance(c, Or) else self.expression(c) for c in positive]
        excluded = [self.leaf(child.child) for child in children if isinstance(child, Not)]
        return " AND ".join(parts or [_tag(ALL_TAG)]) + "".join(f" NOT {leaf}" for leaf in excluded)

    def leaf(self, node: Node) -> str:
        if isinstance(node, Term | Phrase):
            alternatives = leaf_alternatives(node, self.analyzer)
            if not alternatives:
                return _tag(NONE_TAG)
            columns = " ".join(leaf_fields(node))
            phrases = [" + ".join(quote(term) for term in terms) for terms in alternatives]
            if len(phrases) == 1:
                return f"{{{columns}}} : {phrases[0]}"
            return f"{{{columns}}} : (" + " OR ".join(phrases) + ")"
        if isinstance(node, KeywordTerm):
            return _tag(tag_token(node.field, node.value))
        return _tag(ALL_TAG)  # MatchAll; normal form leaves nothing else here
