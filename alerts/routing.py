"""Who answers for an event: 属地管理 (the office of its area) and 谁主管谁负责 (the department of its topic).

Scope comes from the event's main regions (codes mentioned by at least ``min_region_share`` of its
located items; a code is dropped when a more local code below it is present):

* no region → unlocated → the national office (national policy);
* regions in ``national_min_provinces`` or more provinces → national; in 2+ provinces → several
  provinces; both go to the national office (the higher-level competent department);
* one province: a province-level code or 2+ cities → province; a city code or 2+ counties of one city →
  city; one county → county.

The area's office is looked up in ``routing.yaml`` falling back up the hierarchy (county → city →
province → national); the offices above it form the escalation chain used when deadlines pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alerts.levels import Scope
from alerts.regions import city_of, hierarchy, is_ancestor, province_of, region_level
from alerts.snapshot import EventSnapshot
from config.models.alerts import Scoring
from config.models.routing import Contact, RoutingSettings
from config.models.topics import TopicSettings


@dataclass(frozen=True)
class OfficeRef:
    """An office (or department) as routed: ``region`` None is the national office."""

    region: str | None
    name: str
    contacts: tuple[Contact, ...] = ()
    channels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "name": self.name,
            "contacts": [c.model_dump() for c in self.contacts],
            "channels": list(self.channels),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OfficeRef:
        contacts = tuple(Contact.model_validate(c) for c in data.get("contacts", []))
        return cls(data.get("region"), data["name"], contacts, tuple(data.get("channels", [])))


@dataclass(frozen=True)
class Route:
    """The scope of an event, its responsible office and department, and the offices above."""

    scope: Scope
    area_code: str | None
    office: OfficeRef
    chain: tuple[OfficeRef, ...]  # offices above ``office``, nearest first
    department: OfficeRef | None
    extra_offices: tuple[OfficeRef, ...] = ()

    def offices_for(self, escalation_step: int) -> list[OfficeRef]:
        """The responsible office, the extra ones, and ``escalation_step`` offices up the chain."""
        return [self.office, *self.extra_offices, *self.chain[: max(escalation_step, 0)]]

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope.value,
            "area_code": self.area_code,
            "office": self.office.to_json(),
            "chain": [o.to_json() for o in self.chain],
            "department": self.department.to_json() if self.department else None,
            "extra_offices": [o.to_json() for o in self.extra_offices],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Route:
        department = data.get("department")
        return cls(
            scope=Scope(data["scope"]),
            area_code=data.get("area_code"),
            office=OfficeRef.from_json(data["office"]),
            chain=tuple(OfficeRef.from_json(o) for o in data.get("chain", [])),
            department=OfficeRef.from_json(department) if department else None,
            extra_offices=tuple(OfficeRef.from_json(o) for o in data.get("extra_offices", [])),
        )


class Router:
    """Routes events by the rules in the module docstring."""

    def __init__(self, routing: RoutingSettings, topics: TopicSettings, scoring: Scoring) -> None:
        self.routing = routing
        self.scoring = scoring
        national = routing.national
        self.national = OfficeRef(None, national.name, tuple(national.contacts), tuple(national.channels))
        self.offices = {
            o.region: OfficeRef(o.region, o.name, tuple(o.contacts), tuple(o.channels))
            for o in routing.offices
        }
        self.topic_departments = {t.id: t.department for t in topics.topics if t.department}

    def route(
        self, snapshot: EventSnapshot, *, department: str | None = None, extra_regions: Sequence[str] = ()
    ) -> Route:
        """The route of the event; ``department`` (a rule's override) wins over the topic's."""
        scope, area = self.scope(snapshot)
        office, chain = self.office_chain(area)
        extras = tuple(self.office_chain(code)[0] for code in extra_regions if code != office.region)
        return Route(scope, area, office, chain, self.department(snapshot.topics, department), extras)

    def scope(self, snapshot: EventSnapshot) -> tuple[Scope, str | None]:
        """The event's scope and the code of the area answering for it (None: the national office)."""
        areas = main_areas(snapshot.region_counts, snapshot.located_items, self.scoring.min_region_share)
        if not areas:
            return Scope.UNLOCATED, None
        provinces = {province_of(code) for code in areas}
        if len(provinces) >= self.scoring.national_min_provinces:
            return Scope.NATIONAL, None
        if len(provinces) > 1:
            return Scope.MULTI_PROVINCE, None
        return _scope_within_province(areas)

    def office_chain(self, area: str | None) -> tuple[OfficeRef, tuple[OfficeRef, ...]]:
        """The nearest configured office at or above ``area`` and the offices above it."""
        if area is None:
            return self.national, ()
        found = [self.offices[code] for code in hierarchy(area) if code in self.offices]
        found.append(self.national)
        return found[0], tuple(found[1:])

    def department(self, topics: Sequence[str], override: str | None) -> OfficeRef | None:
        name = override or next(
            (self.topic_departments[t] for t in topics if t in self.topic_departments), None
        )
        if name is None:
            return None
        for configured in self.routing.departments:
            if configured.name == name:
                return OfficeRef(None, name, tuple(configured.contacts), tuple(configured.channels))
        return OfficeRef(None, name)


def main_areas(region_counts: Mapping[str, int], located_items: int, min_share: float) -> list[str]:
    """Codes mentioned by at least ``min_share`` of located items, minus ancestors of other such codes."""
    if located_items <= 0:
        return []
    frequent = [code for code, count in region_counts.items() if count / located_items >= min_share]
    return sorted(code for code in frequent if not any(is_ancestor(code, other) for other in frequent))


def _scope_within_province(areas: Sequence[str]) -> tuple[Scope, str | None]:
    levels = {code: region_level(code) for code in areas}
    province = province_of(areas[0])
    if "province" in levels.values() or len({city_of(code) for code in areas}) > 1:
        return Scope.PROVINCE, province
    if "city" in levels.values() or len(areas) > 1:
        return Scope.CITY, city_of(areas[0])
    return Scope.COUNTY, areas[0]
