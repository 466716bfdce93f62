"""Recursive-descent parser: tokens → AST.

Grammar (precedence NOT > AND > OR)::

    query   := [or_expr]
    or_expr := and_expr (OR and_expr)*                       OR is "OR", "|" or "||"
    and_expr:= unary ([AND] unary)*                          AND is "AND", "&", "&&" or just a space
    unary   := (NOT | "-") unary | primary
    primary := "(" or_expr ")" | PHRASE | WORD | field:value | field:PHRASE | field:"(" or_expr ")"

Inside ``field:( … )`` every bare word and phrase takes that field (a word with its own ``field:``
keeps it). Parentheses keep the structure they show: ``(a b) c`` is And(And(a, b), c).
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.errors import QuerySyntaxError
from indexer.fields import KEYWORD_FIELDS
from indexer.query.lexer import Token, TokenKind, lex
from indexer.query.nodes import And, KeywordTerm, MatchAll, Node, Not, Or, Phrase, Term

MAX_DEPTH = 32
MAX_TERMS = 64

_ENDS_OPERAND = (TokenKind.OR, TokenKind.AND, TokenKind.RPAREN)
_LEAVES = (TokenKind.WORD, TokenKind.PHRASE, TokenKind.FIELD_WORD)


def parse(text: str) -> Node:
    """The AST of a query; an empty or blank query is MatchAll. Raises QuerySyntaxError."""
    tokens = lex(text)
    if not tokens:
        return MatchAll()
    return _Parser(text, tokens).query()


@dataclass(frozen=True)
class _Context:
    field: str | None = None  # the field of an enclosing ``field:( … )`` group
    depth: int = 0


class _Parser:
    def __init__(self, query: str, tokens: list[Token]) -> None:
        self.query_text = query
        self.tokens = tokens
        self.index = 0
        self.terms = 0

    def error(self, reason: str, position: int) -> QuerySyntaxError:
        return QuerySyntaxError(reason, position, self.query_text)

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def query(self) -> Node:
        node = self.or_expr(_Context())
        extra = self.peek()
        if extra is not None:  # only a ')' can stop an or_expr early
            raise self.error("')' has no matching '('", extra.position)
        return node

    def or_expr(self, ctx: _Context) -> Node:
        items = [self.and_expr(ctx)]
        while (token := self.peek()) is not None and token.kind is TokenKind.OR:
            self.operand_must_follow(self.take())
            items.append(self.and_expr(ctx))
        return items[0] if len(items) == 1 else Or(items)

    def and_expr(self, ctx: _Context) -> Node:
        items = [self.unary(ctx)]
        while (token := self.peek()) is not None and token.kind not in (TokenKind.OR, TokenKind.RPAREN):
            if token.kind is TokenKind.AND:
                self.operand_must_follow(self.take())
            items.append(self.unary(ctx))
        return items[0] if len(items) == 1 else And(items)

    def operand_must_follow(self, operator: Token) -> None:
        following = self.peek()
        if following is None or following.kind in _ENDS_OPERAND:
            raise self.error(f"'{operator.text}' has nothing after it", operator.position)

    def unary(self, ctx: _Context) -> Node:
        token = self.peek()
        if token is not None and token.kind is TokenKind.NOT:
            self.take()
            self.operand_must_follow(token)
            return Not(self.unary(self.deeper(ctx, token)))
        return self.primary(ctx)

    def deeper(self, ctx: _Context, token: Token) -> _Context:
        if ctx.depth >= MAX_DEPTH:
            reason = f"the query is nested too deeply (more than {MAX_DEPTH} parentheses or negations)"
            raise self.error(reason, token.position)
        return _Context(ctx.field, ctx.depth + 1)

    def primary(self, ctx: _Context) -> Node:
        token = self.take()  # and_expr and operand_must_follow guarantee there is one
        if token.kind is TokenKind.LPAREN:
            return self.group(self.deeper(ctx, token), token)
        if token.kind is TokenKind.RPAREN:
            raise self.error("')' has no matching '('", token.position)
        if token.kind in (TokenKind.OR, TokenKind.AND):
            raise self.error(f"'{token.text}' has nothing before it", token.position)
        if token.kind is TokenKind.FIELD:
            return self.field_operand(ctx, token)
        return self.leaf(token.field or ctx.field, token)

    def group(self, ctx: _Context, opening: Token) -> Node:
        following = self.peek()
        if following is None:
            raise self.error("unclosed parenthesis: add a matching ')'", opening.position)
        if following.kind is TokenKind.RPAREN:
            raise self.error("empty parentheses: put terms between them or remove them", opening.position)
        node = self.or_expr(ctx)
        closing = self.peek()
        if closing is None:
            raise self.error("unclosed parenthesis: add a matching ')'", opening.position)
        self.take()
        return node

    def field_operand(self, ctx: _Context, field_token: Token) -> Node:
        token = self.take()  # the lexer only emits FIELD before '(' or '"'
        if token.kind is TokenKind.PHRASE:
            return self.leaf(field_token.field, token)
        return self.group(self.deeper(_Context(field_token.field, ctx.depth), token), token)

    def leaf(self, field: str | None, token: Token) -> Node:
        self.terms += 1
        if self.terms > MAX_TERMS:
            reason = f"the query has more than {MAX_TERMS} terms: split it into several plans"
            raise self.error(reason, token.position)
        try:
            return _make_leaf(field, token)
        except ValueError as exc:
            raise self.error(str(exc), token.text_position) from None


def _make_leaf(field: str | None, token: Token) -> Node:
    if field in KEYWORD_FIELDS:
        return KeywordTerm(field, token.text)
    if token.kind is TokenKind.PHRASE:
        return Phrase(token.text, field)
    return Term(token.text, field)
