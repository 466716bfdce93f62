"""Split a query into tokens: parentheses, operators, words, quoted phrases and ``field:`` prefixes.

Full-width and Chinese punctuation is folded one character for one character before lexing (so
positions stay those of the text the user typed): （）｜＆＂“”－： become ()|&"\"-:.

A word ``name:value`` is a field filter when ``name`` (case-insensitive, NFKC) is a known field or
alias. When ``name`` looks like a field name (ASCII letter first, then letters, digits or ``_``) but
is not one, the query is rejected with the list of known fields, unless the value starts with
``//`` (a URL such as ``https://example.org``). Every other colon is ordinary text: ``12:30``,
``记者：张三``, ``https://x`` are searched as text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from indexer.errors import QuerySyntaxError
from indexer.fields import FIELD_ALIASES, KEYWORD_FIELDS, TEXT_FIELDS

MAX_QUERY_LENGTH = 1000

SYNTAX_FOLDS = str.maketrans(
    {"（": "(", "）": ")", "｜": "|", "＆": "&", "＂": '"', "“": '"', "”": '"', "－": "-", "：": ":"}
)
DELIMITERS = frozenset('()|&"')
KNOWN_FIELDS = TEXT_FIELDS + KEYWORD_FIELDS
_FIELD_NAME_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class TokenKind(Enum):
    LPAREN = "("
    RPAREN = ")"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    WORD = "word"
    PHRASE = "phrase"
    FIELD = "field"  # ``name:`` directly followed by ``(`` or ``"``
    FIELD_WORD = "field word"  # ``name:value``


OPERATOR_WORDS = {"AND": TokenKind.AND, "OR": TokenKind.OR, "NOT": TokenKind.NOT}


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    position: int
    text: str = ""  # the word, the phrase (without quotes), the field value, or the operator as typed
    field: str | None = None  # canonical field name of FIELD and FIELD_WORD tokens
    length: int = 0  # characters of the query the token covers

    @property
    def text_position(self) -> int:
        """Where ``text`` starts in the query (after ``field:`` or the opening quote)."""
        if self.kind is TokenKind.PHRASE:
            return self.position + 1
        return self.position + self.length - len(self.text)


def fold_syntax(text: str) -> str:
    """Replace full-width / Chinese syntax characters by their ASCII forms (same length)."""
    return text.translate(SYNTAX_FOLDS)


def resolve_field(name: str) -> str | None:
    """The canonical field for a field name or alias, or None when it is not a field."""
    key = unicodedata.normalize("NFKC", name).lower()
    key = FIELD_ALIASES.get(key, key)
    return key if key in KNOWN_FIELDS else None


def lex(query: str) -> list[Token]:
    """Tokens of ``query``; raises QuerySyntaxError for quotes and fields that cannot be read."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"the query is longer than {MAX_QUERY_LENGTH} characters", MAX_QUERY_LENGTH, query
        )
    return _Lexer(query).tokens()


class _Lexer:
    def __init__(self, query: str) -> None:
        self.query = query
        self.text = fold_syntax(query)
        self.pos = 0
        self.out: list[Token] = []

    def error(self, reason: str, position: int) -> QuerySyntaxError:
        return QuerySyntaxError(reason, position, self.query)

    def tokens(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char.isspace():
                self.pos += 1
            elif char in "()":
                self.emit(TokenKind.LPAREN if char == "(" else TokenKind.RPAREN, 1, char)
            elif char in "|&":
                doubled = text.startswith(char * 2, self.pos)  # accept || and && too
                length = 2 if doubled else 1
                self.emit(
                    TokenKind.OR if char == "|" else TokenKind.AND,
                    length,
                    self.query[self.pos : self.pos + length],
                )
            elif char == '"':
                self.phrase()
            elif char == "-":
                self.minus()
            else:
                self.word()
        return self.out

    def emit(self, kind: TokenKind, length: int, text: str = "", field: str | None = None) -> None:
        self.out.append(Token(kind, self.pos, text, field, length))
        self.pos += length

    def phrase(self) -> None:
        end = self.text.find('"', self.pos + 1)
        if end < 0:
            raise self.error('unterminated quote: add the closing "', self.pos)
        content = self.text[self.pos + 1 : end]
        if not content.strip():
            raise self.error("empty quotes: put the words to search between them", self.pos)
        self.emit(TokenKind.PHRASE, end + 1 - self.pos, content)

    def minus(self) -> None:
        following = self.text[self.pos + 1 : self.pos + 2]
        if not following or following.isspace() or following in ")|&":
            raise self.error("'-' must be directly followed by what to exclude, e.g. -演习", self.pos)
        self.emit(TokenKind.NOT, 1, self.query[self.pos])

    def word(self) -> None:
        end = self.pos
        while end < len(self.text) and not self.text[end].isspace() and self.text[end] not in DELIMITERS:
            end += 1
        word = self.text[self.pos : end]
        if word in OPERATOR_WORDS:
            self.emit(OPERATOR_WORDS[word], len(word), word)
        elif not self.field_word(word, end):
            self.emit(TokenKind.WORD, len(word), word)

    def field_word(self, word: str, end: int) -> bool:
        """Emit ``word`` as a field filter if it is one; False when it is ordinary text."""
        name, colon, value = word.partition(":")
        if not colon or not name:
            return False
        field = resolve_field(name)
        if field is None:
            if _FIELD_NAME_SHAPE.fullmatch(name) and not value.startswith("//"):
                known = ", ".join(KNOWN_FIELDS)
                raise self.error(f"unknown field '{name}'; the fields are {known}", self.pos)
            return False
        if value:
            self.emit(TokenKind.FIELD_WORD, len(word), value, field)
        elif self.text[end : end + 1] in ('"', "("):
            self.emit(TokenKind.FIELD, len(word), "", field)
        else:
            raise self.error(
                f"'{name}:' needs a value right after the colon, e.g. {name}:偷排", self.pos + len(name)
            )
        return True
