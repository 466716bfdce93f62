"""Publication → notification latency: a story published on the sample web reaches a local SMTP server as an alert.

Each repetition is one independent event, end to end, through the real service:

1. the sample web (clock frozen at the scenario start, so its background news is already published);
   a local SMTP server (aiosmtpd) recording when each message arrives;
2. a fresh config and home: the sample web's sources, the shipped alert rules with one e-mail channel to
   that server, every source polled every ``--alert-poll`` seconds (schedule ``crawl_interval_min_s`` =
   ``crawl_interval_max_s``), every other setting shipped; quiet hours and the hourly batching of level IV
   are off, since this measures the pipeline, not the policy that holds low levels back;
3. ``qingshan run`` starts; once every source has been crawled and the background has settled (its alerts
   delivered), the benchmark waits a random fraction of the poll interval (publication falls anywhere in
   the polling cycle) and moves the sample web's clock to ``--alert-publish-at`` past the start: the first
   reports of the 泾县琴溪河 fish kill (Weibo posts, a board complaint) are published at that instant;
4. latency = arrival of the first e-mail about that event − the publication instant. The outbox row's
   ``created_at`` splits it into detection (crawl, analysis, events, rules) and delivery.

p50/p95 over the repetitions, against the configured poll interval: target p95 ≤ poll interval + 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import logging
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from app.ports import free_port
from app.sampleweb import SCENARIO_START, SampleClock, SampleWeb
from app.sampleweb.sources import write_sample_config
from app.service.status import read_status
from bench import BenchmarkUnavailable
from bench.common import OUT_DIR, BenchRow, percentile
from config import SHIPPED_DIR, load_settings

logger = logging.getLogger(__name__)

NAME = "alert latency"
EVENT_WORDS = ("死鱼", "琴溪河")  # an alert about the fish kill names one of these
SLACK_S = 10.0  # target: p95 ≤ poll interval + SLACK_S
WARMUP_TIMEOUT_S = 600.0


def add_arguments(parser: argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--alert-poll", type=float, default=None, help="crawl poll interval, seconds (default 30; quick 20)"
    )
    parser.add_argument("--alert-reps", type=int, default=None, help="events measured (default 6; quick 2)")
    parser.add_argument(
        "--alert-sources",
        default=None,
        help="comma-separated sample-web source ids to run (default: all 8; quick: weibo,board, the story's first reporters)",
    )
    parser.add_argument(
        "--alert-publish-at",
        type=float,
        default=3.0,
        help="scenario hours after the start the clock jumps to (default 3.0: 10 Weibo posts and reposts, 2 board complaints, 1 news report)",
    )


@dataclass(frozen=True)
class Mail:
    received: float  # time.monotonic()
    message: EmailMessage

    def about_event(self) -> bool:
        text = str(self.message.get("Subject", ""))
        body = self.message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            text += body.get_content()
        return any(word in text for word in EVENT_WORDS)


class MailSink:
    """An SMTP server on 127.0.0.1 keeping every message with its arrival time."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mails: list[Mail] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"mailto://127.0.0.1:{self.port}?mode=insecure&from=alerts@qingshan.test&to=press@example.org"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        received = time.monotonic()
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        message = email.message_from_bytes(content, policy=email.policy.default)
        if isinstance(message, EmailMessage):
            with self._lock:
                self.mails.append(Mail(received, message))
        return "250 OK"

    def since(self, moment: float) -> list[Mail]:
        with self._lock:
            return [m for m in self.mails if m.received >= moment]

    def __enter__(self) -> MailSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass(frozen=True)
class Sample:
    latency_s: float
    detection_s: float | None  # publication → outbox row
    mails_before: int  # background alerts delivered during the warm-up


def write_config(
    directory: Path, base_url: str, mail_url: str, poll_s: float, sources: frozenset[str] | None
) -> Path:
    """The sample web's sources (``sources`` of them, or all), shipped rules with one e-mail channel,
    every source polled every ``poll_s``."""
    write_sample_config(directory, base_url, home=directory / "var")
    if sources is not None:
        path = directory / "sources.yaml"
        config: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        config["sources"] = [s for s in config["sources"] if s["id"] in sources]
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    alerts: dict[str, Any] = yaml.safe_load((SHIPPED_DIR / "alerts.yaml").read_text(encoding="utf-8"))
    alerts["channels"] = [{"id": "press-mail", "url": mail_url}]
    alerts["default_channels"] = ["press-mail"]
    alerts["update_policy"]["quiet_hours"]["enabled"] = False
    alerts["update_policy"]["batch_levels"] = []  # level IV would otherwise wait for the hourly batch
    (directory / "alerts.yaml").write_text(yaml.safe_dump(alerts, allow_unicode=True), encoding="utf-8")
    schedule: dict[str, Any] = yaml.safe_load((SHIPPED_DIR / "schedule.yaml").read_text(encoding="utf-8"))
    schedule["crawl_interval_min_s"] = poll_s
    schedule["crawl_interval_max_s"] = poll_s
    (directory / "schedule.yaml").write_text(yaml.safe_dump(schedule), encoding="utf-8")
    return directory


@contextlib.contextmanager
def running_service(config: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``qingshan run --no-digest`` on ``config``; SIGTERM (then kill) on the way out."""
    env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
    with (config / "service.log").open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "run", "--no-digest"], env=env, stdout=log, stderr=log
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(
    condition: Callable[[], Any], what: str, timeout: float, process: subprocess.Popen[bytes]
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if process.poll() is not None:
            raise RuntimeError(
                f"the service exited with status {process.returncode} while waiting for {what}"
            )
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting {timeout:.0f} s for {what}")
        time.sleep(0.1)


def crawled_once(config: Path) -> bool:
    """Every crawl job has finished a run and no stored document waits for post-processing."""
    try:
        status = read_status(load_settings(config))
    except Exception:  # the service tables do not exist yet
        return False
    crawls = [job for job in status.jobs if job.kind == "crawl"]
    return bool(crawls) and all(job.runs >= 1 for job in crawls) and status.queued_documents == 0


def outbox(config: Path) -> list[tuple[str, str, datetime]]:
    """(status, subject and text, created_at UTC) of every outbox row."""
    database = config / "var" / "qingshan.db"
    if not database.exists():
        return []
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=5)) as connection:
            rows = connection.execute(
                "SELECT status, subject || body_text, created_at FROM alert_outbox"
            ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [
        (status, subject, datetime.fromisoformat(created).replace(tzinfo=UTC))
        for status, subject, created in rows
    ]


def settled(config: Path, sink: MailSink, quiet_s: float) -> bool:
    """No undelivered outbox rows and no mail for ``quiet_s`` seconds."""
    if any(status == "pending" for status, _, _ in outbox(config)):
        return False
    last = max((m.received for m in sink.mails), default=0.0)
    return time.monotonic() - last >= quiet_s


def measure_once(
    web: SampleWeb,
    sink: MailSink,
    work: Path,
    poll_s: float,
    sources: frozenset[str] | None,
    publish_at: timedelta,
    rng: random.Random,
) -> Sample:
    web.clock.set(SCENARIO_START)
    config = write_config(work, web.base_url, sink.url, poll_s, sources)
    started = time.monotonic()
    with running_service(config) as process:
        wait_for(lambda: crawled_once(config), "the first crawl of every source", WARMUP_TIMEOUT_S, process)
        wait_for(
            lambda: settled(config, sink, 8.0), "the background alerts to settle", WARMUP_TIMEOUT_S, process
        )
        before = [m for m in sink.since(started) if m.about_event()]
        if before:
            raise BenchmarkUnavailable(
                f"an alert about the event arrived before it was published: {before[0].message['Subject']}"
            )
        mails_before = len(sink.since(started))
        time.sleep(rng.uniform(0, poll_s))  # publication anywhere in the polling cycle
        published = time.monotonic()
        published_wall = datetime.now(UTC)
        web.clock.set(SCENARIO_START + publish_at)
        mail = wait_for(
            lambda: next((m for m in sink.since(published) if m.about_event()), None),
            "the alert e-mail about the event",
            poll_s + 300,
            process,
        )
        created = [
            c
            for status, subject, c in outbox(config)
            if c >= published_wall and any(w in subject for w in EVENT_WORDS)
        ]
    latency = mail.received - published
    detection = (min(created) - published_wall).total_seconds() if created else None
    logger.info(
        "alert latency %.1f s (detection %s s), subject %r",
        latency,
        f"{detection:.1f}" if detection is not None else "?",
        str(mail.message.get("Subject", "")),
    )
    return Sample(latency, detection, mails_before)


def run(args: argparse.Namespace) -> list[BenchRow]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection
    poll_s = args.alert_poll or (20.0 if args.quick else 30.0)
    reps = args.alert_reps or (2 if args.quick else 6)
    publish_at = timedelta(hours=args.alert_publish_at)
    chosen = args.alert_sources or ("weibo,board" if args.quick else "all")
    sources = None if chosen == "all" else frozenset(s.strip() for s in chosen.split(",") if s.strip())
    rng = random.Random(args.seed)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="alert-latency-", dir=OUT_DIR))
    samples: list[Sample] = []
    try:
        with (
            SampleWeb("127.0.0.1", 0, SampleClock(start=SCENARIO_START, speed=0.0)) as web,
            MailSink() as sink,
        ):
            for rep in range(reps):
                logger.info("alert latency: event %d of %d (poll every %g s)", rep + 1, reps, poll_s)
                samples.append(measure_once(web, sink, work / f"rep{rep}", poll_s, sources, publish_at, rng))
    finally:
        if args.keep:
            logger.info("kept the service directories in %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return rows(
        samples,
        poll_s,
        "all 8 sample-web sources" if sources is None else "sources " + ",".join(sorted(sources)),
    )


def rows(samples: list[Sample], poll_s: float, sources: str) -> list[BenchRow]:
    latencies = [s.latency_s for s in samples]
    detections = [s.detection_s for s in samples if s.detection_s is not None]
    note = f"{len(samples)} events, poll every {poll_s:g} s, {sources}; ratio = poll interval / value"
    target = f"≤ {poll_s + SLACK_S:g}"

    def row(metric: str, value: float, target_: str | None, extra: str = "") -> BenchRow:
        return BenchRow(
            NAME,
            metric,
            value,
            "s",
            "poll interval",
            poll_s,
            poll_s / value if value > 0 else None,
            target_,
            note + extra,
        )

    result = [
        row("p50 publication → e-mail", percentile(latencies, 50), None),
        row("p95 publication → e-mail", percentile(latencies, 95), target),
    ]
    if detections:
        result.append(
            row(
                "p95 publication → alert queued",
                percentile(detections, 95),
                None,
                "; the rest is outbox delivery",
            )
        )
    return result
