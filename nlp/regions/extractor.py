"""Regions of a text: the most specific consistent administrative codes, with the evidence for each."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.regions.errors import RegionError
from nlp.regions.gazetteer import Gazetteer, Level
from nlp.regions.matcher import find_mentions
from nlp.regions.resolver import MentionGroup, RegionResolver

CODE_PATTERN = re.compile(r"^\d{6}$")


@dataclass(frozen=True, slots=True)
class RegionEvidence:
    """One place name in the text and the region it was read as."""

    code: str
    level: Level
    name: str  # the region's official name
    surface: str  # the text as written
    start: int
    end: int


@dataclass(frozen=True)
class RegionResult:
    """``codes``: most specific regions, most mentioned first; ``evidence``: every place name used."""

    codes: list[str]
    evidence: list[RegionEvidence]
    unresolved: list[str]  # place names left out as ambiguous or uncorroborated

    @property
    def provinces(self) -> list[str]:
        """Province codes of ``codes``, in the same order, without repeats."""
        return list(dict.fromkeys(code[:2] + "0000" for code in self.codes))


class RegionExtractor:
    """Reads provinces, cities and counties from Chinese text.

    ``home_region`` (a 6-digit code) is the region of the source, e.g. a city bureau's site: it breaks ties
    between same-named places (鼓楼区) but never makes an ordinary word (和平) count as a place.
    ``max_regions`` caps ``codes`` (``None``: all of them).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, max_regions: int | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.resolver = RegionResolver(self.gazetteer)
        self.max_regions = max_regions

    def extract(
        self, text: str, *, home_region: str | None = None, words: Sequence[str] | None = None
    ) -> RegionResult:
        """The regions of ``text``; pass ``words`` (its segmentation) to avoid segmenting twice."""
        if home_region is not None and (
            not CODE_PATTERN.match(home_region) or home_region not in self.gazetteer.regions
        ):
            raise RegionError(f"unknown home region {home_region!r}; give a 6-digit code from the gazetteer")
        mentions = find_mentions(text, self.gazetteer, words)
        if not mentions:
            return RegionResult(codes=[], evidence=[], unresolved=[])
        groups = self.resolver.resolve(mentions, home_region)
        chosen = [group for group in groups if group.choice is not None]
        codes = self._most_specific(chosen)
        if self.max_regions is not None:
            codes = codes[: self.max_regions]
        return RegionResult(
            codes=codes,
            evidence=self._evidence(chosen),
            unresolved=[group.surface for group in groups if group.choice is None],
        )

    def _most_specific(self, chosen: list[MentionGroup]) -> list[str]:
        # in the order of first mention, so that ties of salience keep it (a set's order would
        # depend on the process's string hashing)
        picked = dict.fromkeys(group.choice for group in chosen if group.choice is not None)
        covered = {ancestor for code in picked for ancestor in self.gazetteer.ancestors(code)}
        leaves = [code for code in picked if code not in covered]
        if len(leaves) < 2:
            return leaves
        return sorted(leaves, key=lambda code: self._salience(code, chosen))

    def _salience(self, code: str, chosen: list[MentionGroup]) -> tuple[int, int]:
        """More mentions of the code or of the places under and above it first; then the earliest."""
        lineage = set(self.gazetteer.lineage(code))
        related = [
            mention
            for group in chosen
            if group.choice is not None
            and (group.choice in lineage or self.gazetteer.is_ancestor(code, group.choice))
            for mention in group.mentions
        ]
        return (-len(related), min((mention.start for mention in related), default=0))

    def _evidence(self, chosen: list[MentionGroup]) -> list[RegionEvidence]:
        evidence = []
        for group in chosen:
            assert group.choice is not None
            region = self.gazetteer.regions[group.choice]
            for mention in group.mentions:
                evidence.append(
                    RegionEvidence(
                        region.code, region.level, region.name, mention.surface, mention.start, mention.end
                    )
                )
        return sorted(evidence, key=lambda item: item.start)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process."""
    return Gazetteer.load()


@functools.cache
def default_extractor() -> RegionExtractor:
    return RegionExtractor()


def extract_regions(
    text: str, *, home_region: str | None = None, words: Sequence[str] | None = None
) -> RegionResult:
    """The regions of ``text`` with the shipped gazetteer (see :class:`RegionExtractor`)."""
    return default_extractor().extract(text, home_region=home_region, words=words)
