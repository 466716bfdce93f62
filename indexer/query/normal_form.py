"""The negation normal form the index compilers work on: same meaning, far less nesting.

Engines limit nesting: SQLite FTS5's parser stack overflows after about 32 right-nested groups and
Elasticsearch refuses bool queries nested deeper than ``indices.query.bool.max_nested_depth``
(20 or 30 by default). So before compiling, negations are pushed down to the leaves (De Morgan,
a double negation cancels, which is exact because "not" means "every document except") and an
And inside an And (an Or inside an Or) is merged into its parent. In the result a Not only ever
wraps a leaf, and And and Or alternate.
"""

from __future__ import annotations

from indexer.query.nodes import And, Node, Not, Or


def normal_form(node: Node) -> Node:
    """``node`` with negations on leaves only and no And directly in an And (nor Or in an Or)."""
    return _push_negation(node, negated=False)


def _push_negation(node: Node, *, negated: bool) -> Node:
    if isinstance(node, Not):
        return _push_negation(node.child, negated=not negated)
    if isinstance(node, And | Or):
        kind: type[And] | type[Or] = (Or if isinstance(node, And) else And) if negated else type(node)
        merged: list[Node] = []
        for child in node.children:
            result = _push_negation(child, negated=negated)
            merged.extend(result.children if isinstance(result, kind) else [result])
        return kind(merged)
    return Not(node) if negated else node


def depth(node: Node) -> int:
    """Levels of And/Or in a normal-form tree (a leaf or a negated leaf is 0)."""
    if isinstance(node, And | Or):
        return 1 + max(depth(child) for child in node.children)
    return 0


def deepest_first(nodes: list[Node]) -> list[Node]:
    """``nodes`` ordered by decreasing depth (stable): left-nested groups keep parser stacks small."""
    return sorted(nodes, key=depth, reverse=True)
