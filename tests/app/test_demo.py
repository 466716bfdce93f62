"""`make demo` end to end (`python -m app.demo --fast`): the real service on the sample web, the local
mail capture and webhook receiver, the digest and the console; then what it left behind is checked
against the sample web's ground truth (the scenario is deterministic, so a second sample web at the
demo's final scenario time publishes the same items)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from app.demo_config import EVENT_OFFICE
from app.demo_mail import CapturedMail, read_mail
from app.demo_state import DemoState
from app.demo_story import CHECKPOINTS, EVENT
from app.sampleweb import SCENARIO_START
from app.sampleweb.groundtruth import GroundTruthItem
from app.sampleweb.testing import running_sample_web
from config import load_settings
from indexer.document import Document
from tests.digest.pdf_text import extract_text

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]

# Sites crawled through their lists (every item reachable); Weibo is searched by keyword only.
LISTED_SITES = ("newsa", "newsb", "bureau", "board")


@dataclass
class DemoRun:
    workspace: Path
    process: subprocess.CompletedProcess[str]
    summary: dict[str, Any]
    truth: list[GroundTruthItem]
    documents: list[Document]


def path_of(url: str) -> str:
    """A URL without its scheme and host (the two sample webs listen on different ports)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    workspace = tmp_path_factory.mktemp("demo") / "workspace"
    process = subprocess.run(
        [sys.executable, "-m", "app.demo", "--fast", "--workspace", str(workspace)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "COLUMNS": "160"},
    )
    assert process.returncode == 0, process.stdout[-6000:] + process.stderr[-3000:]
    summary = json.loads((workspace / "summary.json").read_text(encoding="utf-8"))
    end = SCENARIO_START + timedelta(hours=CHECKPOINTS[-1].hours)
    with running_sample_web(start=end) as web:
        truth = web.ground_truth()
    documents = DemoState(load_settings(workspace / "config")).documents()
    return DemoRun(workspace, process, summary, truth, documents)


def captured(workspace: Path) -> list[CapturedMail]:
    mails = []
    for path in sorted((workspace / "mail").glob("*.eml")):
        message = read_mail(path)
        references = str(message.get("References", "")).strip("<> ")
        mails.append(
            CapturedMail(
                path,
                str(message["Subject"]),
                tuple(str(message["To"]).split(",")),
                (),
                str(message["Message-ID"]),
                references.split("@", 1)[0],
            )
        )
    return mails


def test_counts_match_the_sample_webs_ground_truth(demo: DemoRun) -> None:
    published = [item for item in demo.truth if not item.robots_disallowed]
    stored_paths = {path_of(d.url) for d in demo.documents}
    assert demo.summary["published"] == len(published)
    assert demo.summary["stored_of_published"] == sum(path_of(i.url) in stored_paths for i in published)
    assert demo.summary["stored_total"] == len(demo.documents)
    event = [item for item in published if item.event == EVENT]
    assert demo.summary["event_published"] == len(event)
    assert demo.summary["event_stored"] == sum(path_of(i.url) in stored_paths for i in event)
    unreached = [i.title for i in event if i.source in LISTED_SITES and path_of(i.url) not in stored_paths]
    assert not unreached, f"fish-kill items of listed sites were not stored: {unreached}"
    assert any(i.source == "weibo" and path_of(i.url) in stored_paths for i in event)


def test_the_alert_has_the_right_level_and_reaches_the_right_office(demo: DemoRun) -> None:
    story = demo.summary["story"]
    # II (橙色): a county fish kill (scope 0.25), mostly negative, spreading fast, and the posts in the event
    # worry about tap water and children (sensitivity 0.6 + 0.7, capped at 1) — alerts/levels.py
    assert story["alert_level"] == "II", story
    assert story["alert_office"] == EVENT_OFFICE.name
    first = story["alert_mail"]
    assert first is not None and EVENT_OFFICE.address in first["recipients"]
    thread = f"alert-{story['alert_id']}"
    office_mails = [
        m for m in captured(demo.workspace) if m.thread == thread and EVENT_OFFICE.address in m.recipients[0]
    ]
    assert office_mails, "no mail of the alert reached the responsible office"
    assert any(m.level == "II" for m in office_mails), [m.subject for m in office_mails]
    line = next(a for a in demo.summary["alerts"] if a["id"] == story["alert_id"])
    assert line["level"] == "II" and line["state"] == "closed"
    assert set(line["outbox"]) == {"delivered"}, line["outbox"]


def test_the_lifecycle_follows_the_story(demo: DemoRun) -> None:
    story = demo.summary["story"]
    assert story["transitions"] == ["acknowledged", "assigned", "responded", "follow_up", "closed"]
    official = {path_of(i.url) for i in demo.truth if i.event == EVENT and i.official}
    assert story["response_url"] and path_of(story["response_url"]) in official
    assert demo.summary["webhooks"] >= 1 and list((demo.workspace / "webhook").glob("*.json"))


def test_the_digest_is_written_and_names_the_fish_kill(demo: DemoRun) -> None:
    digest = demo.summary["digest"]
    html = Path(digest["html"]).read_text(encoding="utf-8")
    assert "死鱼" in html
    pdf = Path(digest["pdf"]).read_bytes()
    assert pdf.startswith(b"%PDF") and "死鱼" in extract_text(pdf)
    assert Path(digest["html"]).is_relative_to(demo.workspace)


def test_the_summary_tells_where_to_look(demo: DemoRun) -> None:
    output = "".join(demo.process.stdout.split())  # the terminal wraps long lines
    assert "summary" in output and demo.summary["password"] in output
    assert "".join(demo.summary["console_command"].split()) in output
    assert f"{demo.summary['user']}/{demo.summary['password']}" in output
