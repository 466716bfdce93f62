"""`qingshan digest` and `qingshan briefing` over a real deployment in a temp directory: the store,
the crawl health table and the events tables (filled by the real clusterer) in one SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.postprocess import Postprocessor
from app.service.alerting import AlertJobs
from app.service.database import ServiceDatabase
from app.service.queue import PostprocessQueue
from app.wiring import open_store
from config import load_settings
from crawlers.health import HealthStatus, SourceHealth
from crawlers.state import CrawlState
from tests.alerts.receivers import SmtpReceiver
from tests.digest.corpus import SOURCES, all_documents, at, fish_event

SOURCES_YAML = "sources:\n" + "".join(
    f"  - {{id: {key}, name: {name}, kind: feed, feed_urls: ['https://example.org/{key}.xml']"
    + (", silent_after_h: 6" if key == "weibo" else "")
    + "}\n"
    for key, (name, _) in SOURCES.items()
)
EVALUATED_AT = at(10, 7, 30)  # post-processing (events, alert evaluation) ran before the digest's cut-off


def alerts_yaml(mail_url: str) -> str:
    return (
        f"channels:\n  - {{id: ops-mail, url: '{mail_url}'}}\n"
        "default_channels: [ops-mail]\n"
        "console_url: http://console.test\n"
    )


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """Crawl state stores UTC (as the crawler writes it): Shanghai wall time → UTC."""
    return at(day, hour, minute).astimezone(UTC)


def health(source: str) -> SourceHealth:
    now = datetime.now(UTC)
    if source == "weibo":  # last new item on the 9th: silent by now
        return SourceHealth(source, HealthStatus.OK, first_run_at=utc(1, 0), last_new_item_at=utc(9, 9, 10))
    if source == "board":
        return SourceHealth(
            source, HealthStatus.DEGRADED, "login_wall", status_since=utc(9, 22), first_run_at=utc(1, 0)
        )
    return SourceHealth(source, HealthStatus.OK, status_since=now, first_run_at=now, last_new_item_at=now)


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpReceiver) -> Path:
    """Items stored, queued and post-processed by the service's pipeline (events, alert evaluation)."""
    directory = tmp_path_factory.mktemp("deployment")
    (directory / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    (directory / "alerts.yaml").write_text(alerts_yaml(smtp.url), encoding="utf-8")
    settings = load_settings(directory)
    with CrawlState(settings.database_url()) as state:
        for source in SOURCES:
            state.save_health(health(source))
    store = open_store(settings)
    store.upsert(all_documents())
    with ServiceDatabase(settings.database_url()) as database:
        PostprocessQueue(database).enqueue(all_documents())
        alert_jobs = AlertJobs(settings)
        alert_jobs.open()
        postprocessor = Postprocessor.from_settings(settings, database, observers=[alert_jobs])
        postprocessor.open()
        postprocessor.drain(store, EVALUATED_AT)
        postprocessor.close()
        alert_jobs.close()
    store.close()
    return directory


def run(config_dir: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--config", str(config_dir), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.split()


def test_digest_command_archives_html_pdf_and_json(config_dir: Path) -> None:
    paths = run(config_dir, "digest", "--date", "2024-06-10")
    root = config_dir / "var" / "digests" / "2024"
    assert paths == [str(root / f"2024-06-10.{ext}") for ext in ("html", "pdf", "json")]
    assert (root / "2024-06-10.pdf").read_bytes().startswith(b"%PDF-")
    payload = json.loads((root / "2024-06-10.json").read_text(encoding="utf-8"))
    coverage = payload["coverage"]["statement"]["text"]
    assert coverage.startswith("7 个信源中 ")
    assert "1 个自 6月9日 09:10 起无更新（微博搜索）" in coverage
    assert "1 个自 6月9日 22:00 起采集受阻（领导留言板：遇登录墙）" in coverage
    assert payload["period"]["start"] == "2024-06-09T08:00:00+08:00"  # schedule.yaml: 08:00
    assert payload["alerts"]["configured"] is True


def test_digest_hotspots_come_from_the_clustered_events(config_dir: Path) -> None:
    run(config_dir, "digest", "--date", "2024-06-10", "--no-pdf")
    payload = json.loads(
        (config_dir / "var" / "digests" / "2024" / "2024-06-10.json").read_text(encoding="utf-8")
    )
    fish_ids = {d.id for d in fish_event()}
    fish = [h for h in payload["hotspots"] if {c["doc_id"] for c in h["statement"]["citations"]} & fish_ids]
    assert len(fish) == 1
    assert all(h["items"] >= 2 for h in payload["hotspots"])  # the lone XSS item is an event, not a hotspot
    assert fish[0]["items"] >= 4
    assert "江宁区" in fish[0]["regions"]
    assert fish[0]["statement"]["citations"][0]["doc_id"] == fish_event()[0].id


def test_briefing_command_archives_under_monthly(config_dir: Path) -> None:
    paths = run(config_dir, "briefing", "--month", "2024-06", "--no-pdf")
    root = config_dir / "var" / "digests" / "monthly"
    assert paths == [str(root / "2024-06.html"), str(root / "2024-06.json")]
    payload = json.loads((root / "2024-06.json").read_text(encoding="utf-8"))
    answered = [c for c in payload["concerns"] if c["answered"]]
    assert any(c["answer"]["citations"][0]["doc_id"] == fish_event()[3].id for c in answered)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["briefing", "--month", "2024-13"], "month '2024-13' must be YYYY-MM"),
        (["digest", "--date", "2999-01-01"], "--date 2999-01-01 is in the future"),
    ],
)
def test_bad_arguments_are_reported_without_a_traceback(
    config_dir: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["--config", str(config_dir), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def digest_json(config_dir: Path) -> dict[str, Any]:
    path = config_dir / "var" / "digests" / "2024" / "2024-06-10.json"
    payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return payload


def html_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def test_open_alert_then_its_response_then_the_mail_through_the_outbox(
    config_dir: Path, smtp: SmtpReceiver
) -> None:
    fish = fish_event()
    run(config_dir, "digest", "--date", "2024-06-10", "--no-pdf")
    (awaiting,) = digest_json(config_dir)["alerts"]["awaiting"]
    assert {c["doc_id"] for c in awaiting["statement"]["citations"]} <= {d.id for d in fish}
    assert awaiting["deadlines"][0]["overdue"] is True  # due in 48 h from 2024-06-10 07:30, long past
    assert awaiting["alert_url"] == f"http://console.test/alerts/{awaiting['alert_id']}"

    run(config_dir, "alerts", "--now", "2024-06-10T07:40:00+08:00", "ack", awaiting["alert_id"])
    run(
        config_dir,
        "alerts",
        "--now",
        "2024-06-10T07:45:00+08:00",
        "respond",
        awaiting["alert_id"],
        fish[3].url,
    )
    result = CliRunner().invoke(
        cli, ["--config", str(config_dir), "digest", "--date", "2024-06-10", "--no-pdf", "--send"]
    )
    assert result.exit_code == 0, result.output
    assert "outbox: queued for ops-mail; delivered" in result.output
    payload = digest_json(config_dir)
    assert payload["alerts"]["awaiting"] == []
    (response,) = payload["alerts"]["responses"]
    assert response["statement"]["citations"][0]["doc_id"] == fish[3].id

    (mail,) = [m for m in smtp.messages if m["Subject"] == "舆情日报（2024年6月10日）"]
    html = html_part(mail)
    assert "7 个信源中 1 个自 6月9日 09:10 起无更新（微博搜索）" in html
    assert 'href="http://console.test/digests/files/2024/2024-06-10.html"' in html
    assert "cid:" not in html and "data:image" not in html
    assert mail["X-Qingshan-Idempotency-Key"] == "digest:2024-06-10:ops-mail"

    again = CliRunner().invoke(
        cli, ["--config", str(config_dir), "digest", "--date", "2024-06-10", "--no-pdf", "--send"]
    )
    assert "nothing new (already queued)" in again.output
    assert len([m for m in smtp.messages if m["Subject"] == "舆情日报（2024年6月10日）"]) == 1
