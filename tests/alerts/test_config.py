"""alerts.yaml and routing.yaml: the shipped files work, mistakes are reported with what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from alerts import AlertConfigError, configuration_problems
from alerts.rules import compile_rules
from config import ConfigError, load_settings
from config.models.alerts import AlertSettings, ScoringWeights
from tests.alerts.conftest import TEST_ROUTING, alerts_config, analyzer, write_config


def test_shipped_rules_parse_and_defaults_follow_the_policy() -> None:
    settings = load_settings(None)
    rules = compile_rules(settings.alerts.rules, analyzer)
    assert {r.id for r in rules} >= {"water-incident", "sensitive-harm", "misconduct"}
    deadlines = settings.alerts.deadlines
    assert [(d.kind, d.hours) for d in deadlines.for_level("I")] == [
        ("authoritative_info", 5),
        ("press_conference", 24),
    ]
    assert [(d.kind, d.hours) for d in deadlines.for_level("IV")] == [("response", 48)]
    categories = {c.id for c in settings.alerts.sensitive_terms}
    assert categories == {
        "deaths",
        "illness",
        "drinking_water",
        "children",
        "cover_up",
        "data_fraud",
        "misconduct",
    }
    warnings = configuration_problems(settings)  # shipped channels wait for their environment variables
    assert any("ops-mail" in w for w in warnings)


def test_rule_naming_an_unknown_channel_is_an_error() -> None:
    data = alerts_config(None, None)
    data["rules"] = [{"id": "r", "name": "规则", "query": "死鱼", "channels": ["nowhere"]}]
    with pytest.raises(ValidationError, match="unknown id 'nowhere'"):
        AlertSettings.model_validate(data)


def test_scoring_weights_must_sum_to_one() -> None:
    with pytest.raises(ValidationError, match="sum to 1"):
        ScoringWeights(negativity=0.5, spread=0.5, sensitivity=0.5, scope=0.5)


def test_user_file_errors_name_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "alerts.yaml").write_text("update_policy:\n  batch_levels: [V]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    [issue] = info.value.issues
    assert issue.file == tmp_path / "alerts.yaml"
    assert issue.key_path == "update_policy.batch_levels[0]"


def test_routing_to_an_unknown_channel_is_reported(tmp_path: Path) -> None:
    routing = {**TEST_ROUTING, "national": {"name": "生态环境部宣传教育司", "channels": ["missing"]}}
    settings = write_config(tmp_path, alerts_config(None, None), routing)
    with pytest.raises(AlertConfigError, match="national office names unknown channel 'missing'"):
        configuration_problems(settings)


def test_invalid_apprise_url_is_reported(tmp_path: Path) -> None:
    settings = write_config(tmp_path, alerts_config("notascheme://x", None))
    with pytest.raises(AlertConfigError, match="channel 'press-mail'"):
        configuration_problems(settings)
