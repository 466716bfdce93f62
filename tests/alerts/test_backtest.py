"""Back-testing replays indexed history through the rules: when each alert would have fired, at which
level, its escalations — and writes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from alerts import Level, make_backtester
from alerts.tables import alert_outbox, alerts
from config.models.alerts import AlertSettings
from tests.alerts.conftest import WorkspaceFactory, alerts_config, analyzer
from tests.alerts.documents import FISH_EVENT, T0, all_documents


def test_replay_reports_firing_time_level_and_escalations(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    ws.add(all_documents())
    backtester = make_backtester(ws.settings, ws.settings.alerts, analyzer)
    report = backtester.run(ws.store, T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert (report.documents, report.events) == (7, 2)
    [firing] = report.firings  # the haze event fires nothing
    assert firing.event_id == FISH_EVENT
    assert firing.fired_at == T0 + timedelta(hours=1)  # the third item (news report)
    assert (firing.level, firing.items_at_fire, firing.items_total) == (Level.IV, 3, 6)
    assert firing.escalations == [
        (T0 + timedelta(hours=2), Level.III),  # drinking water
        (T0 + timedelta(hours=3), Level.II),  # children fall ill
    ]
    assert report.count_by_level() == {"I": 0, "II": 1, "III": 0, "IV": 0}
    assert report.count_by_rule() == {"water-incident": 1, "air-pollution": 0}
    with ws.database.connect() as conn:
        assert conn.execute(select(func.count()).select_from(alerts)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(alert_outbox)).scalar_one() == 0


def test_a_stricter_rule_fires_later(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    ws.add(all_documents())
    stricter = ws.settings.alerts.model_dump()
    stricter["rules"] = [{**stricter["rules"][0], "fire": {"min_items": 5, "min_sources": 3}}]
    backtester = make_backtester(ws.settings, AlertSettings.model_validate(stricter), analyzer)
    [firing] = backtester.run(ws.store, T0, T0 + timedelta(days=1)).firings
    assert firing.fired_at == T0 + timedelta(hours=3)
    assert firing.level is Level.II and firing.escalations == []


def test_window_excludes_later_items(make_workspace: WorkspaceFactory) -> None:
    ws = make_workspace(alerts_config(None, None))
    ws.add(all_documents())
    backtester = make_backtester(ws.settings, ws.settings.alerts, analyzer)
    report = backtester.run(ws.store, T0, T0 + timedelta(minutes=90))
    assert report.documents == 4  # three fish-kill items and the haze item
    [firing] = report.firings
    assert firing.items_total == 3 and firing.escalations == []
