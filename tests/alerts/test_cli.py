"""`qingshan alerts …` as a user runs it (in-process click runner, real config directory and SQLite file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from app.cli import cli
from tests.alerts.conftest import TEST_RULES, alerts_config, write_config
from tests.alerts.documents import all_documents

NOW = "2026-11-20T12:30+08:00"


def run(config: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), *args], input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = tmp_path_factory.mktemp("alerts-cli")
    write_config(config, alerts_config(None, None))
    lines = "\n".join(d.model_dump_json() for d in all_documents()) + "\n"
    result = run(config, "import", "-", stdin=lines)
    assert result.exit_code == 0, result.output
    return config


def test_backtest_reports_what_would_have_fired(workspace: Path, tmp_path: Path) -> None:
    rules = tmp_path / "candidate.yaml"
    rules.write_text(yaml.safe_dump({"rules": TEST_RULES}, allow_unicode=True), encoding="utf-8")
    result = run(
        workspace,
        "alerts",
        "backtest",
        "--rules",
        str(rules),
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-20",
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["by_level"] == {"I": 0, "II": 1, "III": 0, "IV": 0}
    [firing] = report["firings"]
    assert (firing["fired_at"], firing["level"], firing["final_level"]) == (
        "2026-11-20T09:00:00+08:00",
        "IV",
        "II",
    )
    table = run(
        workspace,
        "alerts",
        "backtest",
        "--rules",
        str(rules),
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-20",
    )
    assert "1 alert(s) would have fired" in table.output
    assert run(workspace, "alerts", "list", "--json").output.strip() == "[]"  # nothing written


def test_backtest_names_a_bad_rules_file(workspace: Path, tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text("rules:\n  - id: broken\n    name: 坏规则\n    query: (死鱼 | 偷排\n", encoding="utf-8")
    result = run(
        workspace,
        "alerts",
        "backtest",
        "--rules",
        str(rules),
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-21",
    )
    assert result.exit_code == 2
    assert "alert rule 'broken': invalid query" in result.output


def test_evaluate_and_handle_an_alert(workspace: Path) -> None:
    result = run(workspace, "alerts", "--now", NOW, "evaluate", "--since", "2026-11-19")
    assert result.exit_code == 0, result.output
    assert "opened alert #1" in result.output and "evaluated 2 event(s)" in result.output
    [alert] = json.loads(run(workspace, "alerts", "list", "--json").output)
    assert (alert["level"], alert["state"], alert["office"]) == ("II", "new", "南京市生态环境局宣传教育处")
    assert alert["candidate_url"] == "https://jiangning-gov.example.cn/items/official-1.html"

    refused = run(workspace, "alerts", "--now", NOW, "respond", "1", "https://example.cn/r.html")
    assert refused.exit_code == 2
    assert "cannot respond alert #1: it is new" in refused.output
    assert run(workspace, "alerts", "--now", NOW, "ack", "1", "--by", "张三", "--note", "属实").exit_code == 0
    confirmed = run(workspace, "alerts", "--now", NOW, "respond", "1", "--candidate", "--by", "张三")
    assert confirmed.exit_code == 0, confirmed.output
    assert "response recorded (state responded)" in confirmed.output

    shown = run(workspace, "alerts", "--now", NOW, "show", "1")
    assert shown.exit_code == 0, shown.output
    for expected in (
        "II级（橙色预警）",
        "ack: new → acknowledged by 张三 属实",
        "respond: acknowledged → responded",
        "deadline authoritative_info",
        "official-1.html",
    ):
        assert expected in shown.output, expected
    assert run(workspace, "alerts", "show", "99").exit_code == 2
