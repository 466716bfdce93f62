"""For the briefing: whether a hot event was answered, and what officials said on the subject before.

Answered means an alert on the event was responded to (when the alerts module is there), or an item
of an official source joined the event. Past statements are official-source items in the index that
share at least two of the event's key terms (any pair of its four heaviest), outside the event.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from alerts.digest.alert_entries import STATES, response_entry
from alerts.digest.evidence import Evidence
from alerts.digest.inputs import AlertInput, AlertsInput, HotspotInput, Period, ResponseInput
from alerts.digest.model import ConcernEntry, HotspotEntry, Statement
from indexer.document import SourceType
from indexer.errors import QuerySyntaxError
from indexer.store import SearchFilters, SearchRequest, SortOrder

ANSWERED_STATES = {"responded", "follow_up", "closed"}
QUERY_TERMS = 4
_QUOTES = str.maketrans("", "", '"＂“”')


def query_terms(terms: Sequence[str]) -> list[str]:
    """The event's heaviest distinct terms, without quotes (they are quoted in the query)."""
    cleaned = [t.translate(_QUOTES).strip() for t in terms]
    return [t for t in dict.fromkeys(cleaned) if t][:QUERY_TERMS]


def past_statement_query(terms: Sequence[str]) -> str:
    """``("a" "b") | ("a" "c") | …`` over the heaviest terms; one term alone when only one is known."""
    chosen = query_terms(terms)
    if len(chosen) < 2:
        return f'"{chosen[0]}"' if chosen else ""
    return " | ".join(f'("{a}" "{b}")' for a, b in itertools.combinations(chosen, 2))


def terms_phrase(terms: Sequence[str]) -> str:
    chosen = query_terms(terms)
    rule = "，其中任意两个同时出现" if len(chosen) > 1 else ""
    return f"关键词：{'、'.join(chosen)}{rule}"


def past_statements(evidence: Evidence, spot: HotspotInput, period: Period, limit: int) -> Statement:
    terms = spot.key_terms or (spot.title,)
    query = past_statement_query(terms)
    if not query:
        return Statement("该事件没有可用于检索的关键词。")
    filters = SearchFilters(until=period.end, source_types=(SourceType.OFFICIAL,))
    request = SearchRequest(
        query, filters, SortOrder.RELEVANCE, limit=limit + len(spot.item_ids), highlight=False
    )
    try:
        hits = evidence.store.search(request).hits
    except QuerySyntaxError:
        return Statement("该事件的关键词无法组成检索式。")
    own = set(spot.item_ids)
    found = [hit.document for hit in hits if hit.document.id not in own][:limit]
    if not found:
        return Statement(f"索引中没有找到相关的官方表态（{terms_phrase(terms)}）。")
    text = f"索引中相关的官方表态 {len(found)} 条（{terms_phrase(terms)}）："
    return Statement(text, evidence.cite_all(found))


def _alert_for(spot: HotspotInput, alerts: AlertsInput | None) -> AlertInput | None:
    if alerts is None:
        return None
    return next((a for a in (*alerts.opened, *alerts.awaiting) if a.event_id == spot.event_id), None)


def answer_statement(
    evidence: Evidence, spot: HotspotInput, alert: AlertInput | None, responses: Sequence[ResponseInput]
) -> tuple[bool, Statement]:
    """Whether the event was answered, and the statement saying how (or that it is open)."""
    if responses:
        cited = tuple(c for r in responses for c in response_entry(evidence, r).statement.citations)
        return True, Statement(
            f"已回应：告警 {responses[0].alert_id} 登记官方回应 {len(responses)} 条。", cited
        )
    official = [
        d for d in evidence.store.get_many(list(spot.item_ids)) if d.source_type is SourceType.OFFICIAL
    ]
    if official:
        return True, Statement(
            f"已回应：官方信源在事件中发布 {len(official)} 条。", evidence.cite_all(official[:3])
        )
    if alert is not None and alert.state in ANSWERED_STATES:
        return True, Statement(f"告警 {alert.alert_id} 状态为{STATES[alert.state]}，但未登记回应链接。")
    text = "尚未回应：事件中没有官方信源发布"
    if alert is not None:
        text += f"；告警 {alert.alert_id} 当前{STATES.get(alert.state, alert.state)}"
    return False, Statement(text + "。", search_url=evidence.event_url(spot.event_id))


def concern_entries(
    evidence: Evidence,
    spots: Sequence[HotspotInput],
    entries: Sequence[HotspotEntry],
    alerts: AlertsInput | None,
    period: Period,
    past_limit: int,
) -> tuple[ConcernEntry, ...]:
    by_alert: Mapping[str, list[ResponseInput]] = _responses_by_alert(alerts)
    concerns = []
    for spot, entry in zip(spots, entries, strict=True):
        alert = _alert_for(spot, alerts)
        responses = by_alert.get(alert.alert_id, []) if alert is not None else []
        answered, answer = answer_statement(evidence, spot, alert, responses)
        concerns.append(
            ConcernEntry(entry, answered, answer, past_statements(evidence, spot, period, past_limit))
        )
    return tuple(concerns)


def _responses_by_alert(alerts: AlertsInput | None) -> dict[str, list[ResponseInput]]:
    grouped: dict[str, list[ResponseInput]] = {}
    for response in alerts.responses if alerts is not None else ():
        grouped.setdefault(response.alert_id, []).append(response)
    return grouped
