"""Per-site extraction rules, configured beside a source in ``sources.yaml``.

Every selector is optional; what a rule does not give, the generic extractor finds. Selectors are
compiled when the rules are loaded, so a typo is a configuration error, not a silent miss at crawl time.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawlers.extraction.encoding import normalize_charset
from crawlers.extraction.errors import SelectorError
from crawlers.extraction.selectors import compile_selector


class ExtractionRules(BaseModel):
    """CSS or XPath selectors overriding the generic extractor for one site.

    A selector is XPath when it starts with ``/``, ``(`` or ``./`` (or ``xpath:``), CSS otherwise
    (``::text`` and ``::attr(name)`` work as in Scrapy).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = Field(default=None, description="the headline")
    body: str | None = Field(default=None, description="the article text; every match is a paragraph")
    published_at: str | None = Field(default=None, description="the element holding the publication time")
    author: str | None = Field(default=None, description="the author or reporter")
    origin: str | None = Field(default=None, description="来源: the outlet the page credits")
    canonical_url: str | None = Field(default=None, description="the page's canonical address")
    remove: list[str] = Field(default=[], description="elements dropped before anything is extracted")
    date_formats: list[str] = Field(
        default=[],
        description="strptime formats tried on the selected publication time before the generic parser",
    )
    encoding: str | None = Field(
        default=None, description="force this encoding for a site whose declarations are wrong"
    )

    @field_validator("title", "body", "published_at", "author", "origin", "canonical_url")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            _check_selector(value)
        return value

    @field_validator("remove")
    @classmethod
    def _all_compile(cls, value: list[str]) -> list[str]:
        for selector in value:
            _check_selector(selector)
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None and normalize_charset(value) is None:
            raise ValueError(f"unknown encoding {value!r}")
        return value


def _check_selector(selector: str) -> None:
    try:
        compile_selector(selector)
    except SelectorError as exc:
        raise ValueError(str(exc)) from exc
