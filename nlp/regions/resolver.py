"""Choose one region for each place name from its context.

All occurrences of one surface form are one *group* and get one answer. A group with a single candidate is
an anchor at once. An ambiguous group takes the candidate that the anchors support best: a mention of its
city or province (南京 … 鼓楼区), of one of its own units (朝阳 … 双塔区) or of a unit in the same province,
with a bonus when the supporting name stands right before it (福州鼓楼). The source's home region supports
candidates the same way. Tied candidates resolve to their deepest common ancestor, or not at all.
Forms listed as context-required (和平, 东方) need support from the text itself; otherwise they are dropped.
Groups still open fall back to prominence (a district of a municipality beats one of a provincial capital,
which beats any other: 朝阳 → 北京, 通州 → 北京, but 鼓楼区 stays open between 南京 and 福州), then to the
level prior (a province or a city beats same-named counties: 西安, 海南), then to the common ancestor of
their candidates (铁西 in 沈阳 and 鞍山 → 辽宁); else they stay unresolved.
Finally, when a text has only *weak* answers (county short names that nothing else in the text supports)
and they fall in several provinces, only the largest group by province is kept (ties: the first mentioned),
since such names are often parts of estate or shop names (房山 … 新都会 … 国际花都).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nlp.regions.gazetteer import FormKind, Gazetteer, Level
from nlp.regions.matcher import Mention

LEVEL_RANK = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # 北京, 天津, 上海, 重庆
CAPITAL_CITY = "01"  # a province's capital has city code xx01 (GB/T 2260)
ADJACENT_BONUS = 2
MAX_PASSES = 4


@dataclass
class MentionGroup:
    """Every occurrence of one surface form."""

    surface: str
    mentions: list[Mention]
    candidates: tuple[str, ...]
    needs_context: bool
    choice: str | None = None
    supported: bool = field(default=False)


class RegionResolver:
    """Resolves mention groups against each other and the source's home region."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def resolve(self, mentions: Iterable[Mention], home_region: str | None = None) -> list[MentionGroup]:
        groups = self._group(mentions)
        for group in groups:
            if len(group.candidates) == 1 and not group.needs_context:
                group.choice = group.candidates[0]
        for _ in range(MAX_PASSES):
            while self._support_pass(groups, home_region):
                pass
            if not self._fallback_pass(groups):
                break
        self._keep_consistent_weak(groups)
        return groups

    def _group(self, mentions: Iterable[Mention]) -> list[MentionGroup]:
        groups: dict[str, MentionGroup] = {}
        for mention in mentions:
            group = groups.get(mention.surface)
            if group is None:
                candidates = self._collapse_nested(mention.codes)
                needs_context = mention.surface in self.gazetteer.context_required
                groups[mention.surface] = MentionGroup(mention.surface, [mention], candidates, needs_context)
            else:
                group.mentions.append(mention)
        return list(groups.values())

    def _collapse_nested(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        """南昌 names the city 南昌市 and its county 南昌县: the city is meant."""
        for code in codes:
            if all(other == code or self.gazetteer.is_ancestor(code, other) for other in codes):
                return (code,)
        return codes

    def _support_pass(self, groups: list[MentionGroup], home_region: str | None) -> bool:
        changed = False
        for group in groups:
            if group.choice is not None:
                continue
            anchors = [other for other in groups if other is not group and other.choice is not None]
            scores = {code: self._text_support(code, group, anchors) for code in group.candidates}
            if home_region and not group.needs_context:
                for code in scores:
                    scores[code] += self.relation(code, home_region)
            choice = self._best(scores)
            if choice is not None:
                group.choice, group.supported, changed = choice, True, True
        return changed

    def _text_support(self, code: str, group: MentionGroup, anchors: list[MentionGroup]) -> int:
        score = 0
        for anchor in anchors:
            assert anchor.choice is not None
            relation = self.relation(code, anchor.choice)
            if relation and self._adjacent(anchor, group):
                relation += ADJACENT_BONUS
            score += relation
        return score

    def relation(self, code: str, other: str) -> int:
        """How much a mention of ``other`` supports reading a name as ``code``."""
        ancestors = self.gazetteer.ancestors(code)
        if other in ancestors:
            return 3 if self.gazetteer.regions[other].level is Level.CITY else 2
        if code == other or code in self.gazetteer.ancestors(other):
            return 2
        return 1 if code[:2] == other[:2] else 0

    @staticmethod
    def _adjacent(anchor: MentionGroup, group: MentionGroup) -> bool:
        ends = {mention.end for mention in anchor.mentions}
        return any(mention.start in ends for mention in group.mentions)

    def _best(self, scores: dict[str, int]) -> str | None:
        top = max(scores.values(), default=0)
        if top <= 0:
            return None
        return self.common_ancestor([code for code, score in scores.items() if score == top])

    def common_ancestor(self, codes: list[str]) -> str | None:
        """The deepest code that is, or is above, every one of ``codes``."""
        if len(codes) == 1:
            return codes[0]
        shared = set(self.gazetteer.lineage(codes[0]))
        for code in codes[1:]:
            shared &= set(self.gazetteer.lineage(code))
        for code in self.gazetteer.lineage(codes[0]):
            if code in shared:
                return code
        return None

    def _fallback_pass(self, groups: list[MentionGroup]) -> bool:
        changed = False
        for group in groups:
            if group.choice is None and not group.needs_context:
                group.choice = (
                    self._prominence_prior(group.candidates)
                    or self._level_prior(group.candidates)
                    or self.common_ancestor(list(group.candidates))
                )
                changed = changed or group.choice is not None
        return changed

    def _level_prior(self, candidates: tuple[str, ...]) -> str | None:
        ranked = sorted(candidates, key=lambda code: LEVEL_RANK[self.gazetteer.regions[code].level])
        ranks = [LEVEL_RANK[self.gazetteer.regions[code].level] for code in ranked]
        if len(ranked) > 1 and ranks[0] < ranks[1] and ranks[0] < LEVEL_RANK[Level.COUNTY]:
            return ranked[0]
        return None

    def _prominence_prior(self, candidates: tuple[str, ...]) -> str | None:
        ranked = sorted(candidates, key=prominence, reverse=True)
        if len(ranked) > 1 and prominence(ranked[0]) > prominence(ranked[1]):
            return ranked[0]
        return None

    def _keep_consistent_weak(self, groups: list[MentionGroup]) -> None:
        chosen = [group for group in groups if group.choice is not None]
        if len(chosen) < 2:  # nothing to choose between
            return
        weak = [group for group in chosen if self._is_weak(group, chosen)]
        if len(weak) < len(chosen):
            return
        by_province: dict[str, list[MentionGroup]] = {}
        for group in weak:
            assert group.choice is not None
            by_province.setdefault(group.choice[:2], []).append(group)
        if len(by_province) < 2:
            return
        kept = min(by_province.values(), key=lambda members: (-len(members), first_start(members)))
        for group in weak:
            if group not in kept:
                group.choice = None

    def _is_weak(self, group: MentionGroup, chosen: list[MentionGroup]) -> bool:
        """A county read from its short name only, with nothing else in the text related to it."""
        assert group.choice is not None
        if self.gazetteer.regions[group.choice].level is not Level.COUNTY:
            return False
        if any(
            form.kind is not FormKind.SHORT for form in group.mentions[0].forms if form.code == group.choice
        ):
            return False
        return not any(
            other is not group and other.choice is not None and self.relation(group.choice, other.choice)
            for other in chosen
        )


def prominence(code: str) -> int:
    """2 for places in a municipality, 1 in a provincial capital, else 0."""
    if code[:2] in MUNICIPALITIES:
        return 2
    return 1 if code[2:4] == CAPITAL_CITY else 0


def first_start(groups: list[MentionGroup]) -> int:
    return min(mention.start for group in groups for mention in group.mentions)
