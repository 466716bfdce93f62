"""The query AST: frozen dataclasses compared by value.

Every node can be written back as query text (``to_text``) and read again to an equal node, so
constructors check and normalise what they are given (ValueError otherwise):

- ``Term(text, field)``: one word as the lexer reads it (no spaces, no ``()|&"``, not AND/OR/NOT,
  not starting with ``-`` when unfielded). ``field`` is None (title or text), "title" or "text".
- ``Phrase(text, field)``: the text between double quotes (not blank, no quote character inside).
- ``KeywordTerm(field, value)``: an exact value of a keyword field; the value is stripped and
  lower-cased, regions become prefixes (``320100`` → ``3201``), sentiments and types are checked
  (``负面`` → ``negative``).
- ``And(children)`` / ``Or(children)``: two or more children, kept in order.
- ``Not(child)``, ``MatchAll()``.

Full-width syntax characters in texts are folded as the lexer folds them (``：`` → ``:``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from indexer.document import Sentiment, SourceType
from indexer.errors import QuerySyntaxError
from indexer.fields import KEYWORD_FIELDS, TEXT_FIELDS, normalize_region_prefix
from indexer.query.lexer import TokenKind, fold_syntax, lex

SENTIMENT_WORDS = {s.value: s.value for s in Sentiment} | {s.label_zh: s.value for s in Sentiment}
SOURCE_TYPE_WORDS = {t.value: t.value for t in SourceType}


def _lexes_as(query: str, kind: TokenKind, text: str, field: str | None = None) -> bool:
    """Whether ``query`` reads back as exactly one token of that kind, text and field."""
    try:
        tokens = lex(query)
    except QuerySyntaxError:
        return False
    return len(tokens) == 1 and (tokens[0].kind, tokens[0].text, tokens[0].field) == (kind, text, field)


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", fold_syntax(self.text))
        if self.field is None:
            if not _lexes_as(self.text, TokenKind.WORD, self.text):
                raise ValueError(f"{self.text!r} is not a single query word; use Phrase for it")
        elif self.field not in TEXT_FIELDS:
            raise ValueError(f"a Term's field must be one of {TEXT_FIELDS} or None, not {self.field!r}")
        elif not _lexes_as(f"{self.field}:{self.text}", TokenKind.FIELD_WORD, self.text, self.field):
            raise ValueError(f"{self.text!r} is not a single query word; use Phrase for it")


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", fold_syntax(self.text))
        if not self.text.strip() or '"' in self.text:
            raise ValueError("a phrase must not be blank nor contain a double quote")
        if self.field is not None and self.field not in TEXT_FIELDS:
            raise ValueError(f"a Phrase's field must be one of {TEXT_FIELDS} or None, not {self.field!r}")


@dataclass(frozen=True)
class KeywordTerm:
    field: str
    value: str

    def __post_init__(self) -> None:
        if self.field not in KEYWORD_FIELDS:
            raise ValueError(f"unknown keyword field {self.field!r}; expected one of {KEYWORD_FIELDS}")
        object.__setattr__(self, "value", normalize_keyword_value(self.field, self.value))


def normalize_keyword_value(field: str, value: str) -> str:
    """The canonical form of a keyword value; ValueError with a reason for users when it is invalid."""
    value = fold_syntax(value).strip().lower()
    if not value:
        raise ValueError(f"'{field}:' needs a value")
    if '"' in value:
        raise ValueError(f"a {field} value cannot contain a double quote")
    if field == "region":
        try:
            return normalize_region_prefix(value)
        except ValueError:
            raise ValueError(
                f"bad region code '{value}': use 2, 4 or 6 digits, e.g. 32, 3201 or 320102"
            ) from None
    if field == "sentiment":
        return _one_of(field, value, SENTIMENT_WORDS)
    if field == "type":
        return _one_of(field, value, SOURCE_TYPE_WORDS)
    return value


def _one_of(field: str, value: str, words: dict[str, str]) -> str:
    if value not in words:
        raise ValueError(f"unknown {field} '{value}'; use one of {', '.join(words)}")
    return words[value]


@dataclass(frozen=True, init=False)
class And:
    children: tuple[Node, ...]

    def __init__(self, children: Iterable[Node]) -> None:
        object.__setattr__(self, "children", _at_least_two(children, "And"))


@dataclass(frozen=True, init=False)
class Or:
    children: tuple[Node, ...]

    def __init__(self, children: Iterable[Node]) -> None:
        object.__setattr__(self, "children", _at_least_two(children, "Or"))


def _at_least_two(children: Iterable[Node], name: str) -> tuple[Node, ...]:
    items = tuple(children)
    if len(items) < 2:
        raise ValueError(f"{name} needs at least two children, got {len(items)}")
    return items


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class MatchAll:
    """Every document (the empty query)."""


Node = Term | Phrase | KeywordTerm | And | Or | Not | MatchAll
TextLeaf = Term | Phrase
