"""`qingshan hotspots` over events clustered into the config's own database."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from config import load_settings
from nlp.events import EventClusterer, EventItem, EventStore, event_id_for
from tests.nlp.test_events_stories import START, all_items


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    (tmp_path / "var").mkdir()
    (tmp_path / "settings.yaml").write_text(f"home: {tmp_path / 'var'}\n", encoding="utf-8")
    clusterer = EventClusterer(EventStore(load_settings(tmp_path).database_url()))
    clusterer.open()
    try:
        hostile = EventItem(
            id="hostile-1",
            title="[bold red]<script>alert(1)</script>[/] 广场舞噪音扰民",
            text="小区广场舞音响声音太大，居民投诉噪音扰民。",
            published_at=START + timedelta(hours=1),
            source="weibo",
            source_type="social",
            regions=("650102",),
            topics=("noise",),
            sentiment="negative",
        )
        clusterer.add_many([*all_items(), hostile])
    finally:
        clusterer.close()
    return tmp_path


def hotspots(config_dir: Path, *args: str) -> str:
    end = (START + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    result = CliRunner().invoke(
        cli,
        ["--config", str(config_dir), "hotspots", "--end", end, "--days", "3", *args],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_json_ranks_the_hottest_event_first(config_dir: Path) -> None:
    rows = [json.loads(line) for line in hotspots(config_dir, "--json").splitlines()]
    assert rows[0]["event_id"] == event_id_for("weibo-1")  # the fish kill
    assert [row["heat"] for row in rows] == sorted((row["heat"] for row in rows), reverse=True)
    assert rows[0]["items"] > 1 and "water" in rows[0]["topics"]


def test_filters_by_region_and_topic(config_dir: Path) -> None:
    hebei = [
        json.loads(line)["event_id"]
        for line in hotspots(config_dir, "--json", "--region", "130000").splitlines()
    ]
    assert hebei == [event_id_for("haze-1")]
    water = {
        json.loads(line)["event_id"]
        for line in hotspots(config_dir, "--json", "--topic", "water").splitlines()
    }
    assert event_id_for("haze-1") not in water and event_id_for("weibo-1") in water


def test_table_shows_crawled_titles_verbatim(config_dir: Path) -> None:
    output = hotspots(config_dir, "--limit", "20")
    assert "[bold red]<script>alert(1)</script>[/]" in output  # printed as text, not applied as markup


def test_an_empty_period_says_so(config_dir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--config", str(config_dir), "hotspots", "--end", "2020-01-01", "--days", "1"]
    )
    assert result.exit_code == 0
    assert "no events" in result.output
