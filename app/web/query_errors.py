"""Chinese explanations of query-language errors (the parser reports them in English)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.errors import QuerySyntaxError

_FIELDS = "title（标题）、text（正文）、source（来源）、type（类型）、sentiment（情感）、topic（主题）、region（地区）、author（作者）、event（事件）"

_EXPLANATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"^unterminated quote", '引号没有闭合：请补上右引号 "。'),
        (r"^empty quotes", "引号内为空：请在引号之间写上要检索的词。"),
        (r"^'-' must be directly followed", "减号后应紧跟要排除的词，例如 -演习。"),
        (r"^unknown field '(?P<x>[^']*)'", "未知的字段“{x}”。可用字段：" + _FIELDS + "。"),
        (r"^'(?P<x>[^']*):' needs a value", "“{x}:”后面应紧跟取值，例如 {x}:偷排。"),
        (r"^'\)' has no matching", "右括号没有对应的左括号。"),
        (r"^'(?P<x>[^']*)' has nothing after it", "“{x}”后面缺少检索词。"),
        (r"^'(?P<x>[^']*)' has nothing before it", "“{x}”前面缺少检索词。"),
        (r"^unclosed parenthesis", "括号没有闭合：请补上右括号。"),
        (r"^empty parentheses", "括号内为空：请填写检索词或删除括号。"),
        (r"^the query is longer than (?P<x>\d+)", "检索式过长（最多 {x} 个字符）。"),
        (r"^the query is nested too deeply", "括号或否定嵌套过深，请简化检索式。"),
        (r"^the query has more than (?P<x>\d+) terms", "检索词超过 {x} 个，请拆分为多个方案。"),
        (r"^bad region code", "地区代码应为 2、4 或 6 位数字，例如 32、3201 或 320102。"),
        (r"^unknown sentiment", "情感取值应为 positive/neutral/negative 或 正面/中性/负面。"),
        (r"^unknown type", "类型取值应为 news、social、board 或 official。"),
        (r"value cannot contain a double quote", "字段取值中不能包含双引号。"),
    )
)


@dataclass(frozen=True)
class QueryProblem:
    """What the search page shows: the message, and the query split at the error position."""

    message: str
    position: int
    before: str
    after: str


def explain(reason: str) -> str:
    for pattern, text in _EXPLANATIONS:
        match = pattern.search(reason)
        if match is not None:
            return text.format(**match.groupdict())
    return "检索式有误，请检查括号、引号和运算符。"


def query_problem(error: QuerySyntaxError, query: str) -> QueryProblem:
    position = max(0, min(error.position, len(query)))
    return QueryProblem(explain(error.reason), position, query[:position], query[position:])
