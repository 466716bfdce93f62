"""The query language of keyword plans (监测方案) and search, with one meaning on every engine.

Syntax (examples: ``(雾霾 | PM2.5) 北京 -演习``, ``"黑臭水体"``, ``title:偷排 source:weibo``)::

    a b            both (implicit AND; also ``a AND b``, ``a & b``)
    a | b          either (also ``a OR b``); precedence NOT > AND > OR
    -a             not a (also ``NOT a``); a query of only negations means "everything except"
    ( … )          grouping;  "…" an exact phrase
    title:x text:"x y"                             text fields (aliases 标题 正文 body)
    source:weibo type:social sentiment:negative    keyword fields (aliases 来源 source_type);
    topic:water region:3201 author:x event:x       sentiment also 正面/中性/负面, type one of
                                                   news/social/board/official, region 2/4/6 digits
    title:(a | b)  a field applied to a whole group

Full-width （）｜＆－： and the quotes ＂“” are accepted. Operator words are upper case only; a
colon that does not follow a field name is text (``12:30``, ``https://x``), but an unknown
ASCII-looking field name (``titel:x``) is an error. An empty query matches every document.
Limits: 1000 characters, 32 levels of parentheses/negations, 64 terms. Errors raise
``indexer.errors.QuerySyntaxError`` with a 0-based ``position`` and a ``reason``.

Meaning: each Term/Phrase is analysed with the caller's analyzer (``text → terms``); one term is a
term query, several must be adjacent and in order in one field, none (punctuation, emoji) matches
nothing. Unfielded text searches title OR text. Keyword terms compare with
``indexer.fields.keyword_values`` / ``tag_token``.

Entry points: ``parse`` / ``to_text``; ``to_fts5``, ``to_tantivy``, ``to_elasticsearch`` (see each
module for the index layout it expects, and ``ES_FIELD_NAMES``); ``matches`` (in memory);
``highlight_terms`` (what to mark in results, see ``indexer.highlight``).
"""

from __future__ import annotations

from indexer.query.elasticsearch_compiler import ES_FIELD_NAMES, to_elasticsearch
from indexer.query.evaluator import matches
from indexer.query.fts5 import NONE_TAG, TAGS_COLUMN, to_fts5
from indexer.query.leaves import Analyzer, highlight_terms
from indexer.query.lexer import MAX_QUERY_LENGTH
from indexer.query.nodes import And, KeywordTerm, MatchAll, Node, Not, Or, Phrase, Term
from indexer.query.parser import MAX_DEPTH, MAX_TERMS, parse
from indexer.query.printer import to_text
from indexer.query.tantivy_compiler import TANTIVY_TOKENIZER, to_tantivy

__all__ = [
    "ES_FIELD_NAMES",
    "MAX_DEPTH",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "NONE_TAG",
    "TAGS_COLUMN",
    "TANTIVY_TOKENIZER",
    "Analyzer",
    "And",
    "KeywordTerm",
    "MatchAll",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Term",
    "highlight_terms",
    "matches",
    "parse",
    "to_elasticsearch",
    "to_fts5",
    "to_tantivy",
    "to_text",
]
