"""The story the demo tells, checkpoint by checkpoint, while the real service runs.

Between checkpoints the sample web's clock runs (scenario time compressed: hours in seconds); at each
checkpoint it stops, the demo waits until the service has crawled every source since the stop and
post-processed and delivered everything, then shows what the product made of it and acts as a press
officer would (研判, 转办, 回应, 整改跟踪, 办结) through the real `qingshan alerts` commands.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.live import Live
from rich.rule import Rule
from rich.table import Table

from alerts.records import AlertRecord
from app.demo_config import EVENT_OFFICE
from app.demo_mail import CapturedMail, MailCapture
from app.demo_state import Coverage, DemoState
from app.demo_support import Cli, ServiceProcess, StepError, console, step, wait_for
from app.demo_webhook import WebhookCapture
from app.sampleweb import SCENARIO_START, SampleWeb
from app.sampleweb.groundtruth import GroundTruthItem
from indexer.document import Document

EVENT = "fishkill"  # the sample web's id of the 泾县琴溪河死鱼 story
DEMO_ACTOR = "演示-宣传科"


@dataclass(frozen=True)
class Checkpoint:
    hours: float  # after SCENARIO_START
    caption: str
    seconds: float  # real seconds the clock takes to get here at the normal pace
    act: str = ""  # what the press officer does here (Story.<act>)


CHECKPOINTS: tuple[Checkpoint, ...] = (
    Checkpoint(1.75, "背景新闻、微博与留言；泾县琴溪河出现死鱼，微博转发、留言板投诉", 0, "alert_fired"),
    Checkpoint(5.5, "新闻报道跟进；泾县生态环境分局官方微博回应、发布情况通报", 12, "response_detected"),
    Checkpoint(30.0, "次日：留言板答复、调查进展、更多报道", 12, "follow_up"),
    Checkpoint(97.0, "第四天：企业被罚、限期整改、水质恢复达标", 12, "rectified"),
)


@dataclass
class StoryResult:
    alert_id: int | None = None
    alert_level: str | None = None
    alert_office: str | None = None
    alert_mail: CapturedMail | None = None
    response_url: str | None = None
    transitions: list[str] = field(default_factory=list)
    coverage: Coverage | None = None
    documents: list[Document] = field(default_factory=list)
    peak_heat: float = 0.0


class Story:
    def __init__(
        self,
        web: SampleWeb,
        cli: Cli,
        service: ServiceProcess,
        state: DemoState,
        mail: MailCapture,
        hooks: WebhookCapture,
        *,
        fast: bool,
        sync_timeout: float = 240.0,
    ) -> None:
        self.web = web
        self.cli = cli
        self.service = service
        self.state = state
        self.mail = mail
        self.hooks = hooks
        self.fast = fast
        self.sync_timeout = sync_timeout
        self.result = StoryResult()
        self._seen_alerts: dict[int, AlertRecord] = {}
        self._mails_shown = 0
        self._started = time.monotonic()
        self._source_ids = [s.id for s in state.settings.sources.sources if s.enabled]

    # ------------------------------------------------------------------ the clock and the service

    def advance_to(self, checkpoint: Checkpoint) -> None:
        """Run the clock up to the checkpoint (showing the crawl as it goes), then stop it there."""
        clock = self.web.clock
        target = SCENARIO_START + timedelta(hours=checkpoint.hours)
        remaining = (target - clock.now()).total_seconds() / 60
        if self.fast or checkpoint.seconds <= 0 or remaining <= 0:
            clock.set(target)
            return
        clock.set_speed(remaining / checkpoint.seconds)
        with Live(self._progress_line(), console=console, refresh_per_second=2, transient=True) as live:
            next_refresh = 0.0
            while clock.now() < target:
                self.service.check_alive()
                if time.monotonic() >= next_refresh:
                    live.update(self._progress_line())
                    next_refresh = time.monotonic() + 1.0
                time.sleep(0.2)
        clock.set_speed(0)
        clock.set(target)

    def _progress_line(self) -> str:
        status = self.state.status()
        crawls = sum(j.runs for j in status.jobs if j.kind == "crawl")
        running = [j.job_id.removeprefix("crawl:") for j in status.jobs if j.last_outcome == "running"]
        published = len(self.web.ground_truth())
        return (
            f"[cyan]{self.web.clock.now():%m-%d %H:%M}[/] scenario time · published {published} · "
            f"crawls {crawls} · queued for analysis {status.queued_documents} · "
            f"mails {len(self.mail.messages)} · now crawling: {', '.join(running) or '-'}"
        )

    def changed_sources(self, after: datetime | None) -> list[str]:
        """Configured sources whose site published items after ``after``; all of them at first and
        after a long jump (items published earlier also change: board threads get answered)."""
        if after is None or self.web.clock.now() - after > timedelta(hours=12):
            return list(self._source_ids)
        sites = {item.source for item in self.web.ground_truth() if item.published > after}
        return [source_id for source_id in self._source_ids if source_id in sites]

    def sync(self, since: datetime, sources: list[str]) -> None:
        """Wait until ``sources`` were crawled after ``since`` and nothing is left to process or send."""

        def caught_up() -> bool:
            status = self.state.status()
            jobs = {j.job_id: j for j in status.jobs}
            finished: list[datetime] = [since]
            for source_id in sources:
                job = jobs.get(f"crawl:{source_id}")
                if job is None or job.last_started_at is None or job.last_started_at < since:
                    return False
                if job.last_outcome == "running" or job.last_finished_at is None:
                    return False
                finished.append(job.last_finished_at)
            post = jobs.get("postprocess")
            if post is None or post.last_finished_at is None or post.last_finished_at < max(finished):
                return False
            return status.queued_documents == 0 and self.state.pending_outbox() == 0

        wait_for(
            caught_up,
            f"the service to crawl {', '.join(sources) or 'nothing new'}, analyse and deliver",
            timeout=self.sync_timeout,
            alive=self.service.check_alive,
            output=self.service.log,
        )

    # ------------------------------------------------------------------ what the audience sees

    def show_coverage(self) -> tuple[Coverage, list[Document]]:
        truth = self.web.ground_truth()
        documents = self.state.documents()
        coverage = self.state.coverage(truth, documents)
        event_truth = [i for i in truth if i.event == EVENT]
        urls = {d.url for d in documents}
        event_stored = sum(1 for i in event_truth if i.url in urls)
        analysed = sum(1 for d in documents if d.sentiment is not None)
        located = sum(1 for d in documents if d.regions)
        events = len({d.event_id for d in documents if d.event_id})
        status = self.state.status()
        crawls = sum(j.runs for j in status.jobs if j.kind == "crawl")
        failed = sum(j.failures for j in status.jobs if j.kind == "crawl")
        console.print(
            f"crawled: {crawls} crawl runs ({failed} failed) · published so far {coverage.published} "
            f"(fish kill {len(event_truth)}) · stored {coverage.stored_total} "
            f"(fish kill {event_stored}) · with sentiment {analysed} · with regions {located} · "
            f"events {events}"
        )
        return coverage, documents

    def show_hotspots(self, documents: list[Document]) -> None:
        end = self.web.clock.now() + timedelta(seconds=1)
        hotspots = self.state.hotspots(end)
        event_ids = self.event_ids(documents)
        table = Table(title=f"热点（近3天，截至 {end:%m-%d %H:%M}）", title_justify="left")
        for column in ("#", "event", "heat", "items", "sources", "negative", "regions"):
            table.add_column(column)
        for rank, spot in enumerate(hotspots, 1):
            mark = "[bold red]▶ [/]" if spot.event_id in event_ids else ""
            if spot.event_id in event_ids:
                self.result.peak_heat = max(self.result.peak_heat, spot.heat.heat)
            stats = spot.stats
            table.add_row(
                str(rank),
                mark + spot.title[:36],
                f"{spot.heat.heat:.1f}",
                str(stats.items),
                str(stats.sources),
                f"{stats.negative_items}/{stats.rated_items}",
                ",".join(spot.regions[:2]),
            )
        console.print(table)

    def event_ids(self, documents: list[Document]) -> set[str]:
        """The events the fish-kill items were clustered into (the story's ground truth)."""
        urls = {i.url for i in self.web.ground_truth() if i.event == EVENT}
        return {d.event_id for d in documents if d.url in urls and d.event_id}

    def show_new_alerts(self) -> list[AlertRecord]:
        """Alerts opened or changed level since the last checkpoint, with their route and mail."""
        fresh = []
        for alert in self.state.alerts():
            seen = self._seen_alerts.get(alert.id)
            if seen is None or seen.level != alert.level or seen.state != alert.state:
                fresh.append(alert)
            self._seen_alerts[alert.id] = alert
        for alert in fresh:
            route = alert.route
            console.print(
                f"[bold]预警 #{alert.id}[/] {alert.level.name}级（{alert.level.colour_zh}）"
                f" [{alert.state.value}] {alert.title[:40]} — rules {', '.join(alert.rule_ids)}; "
                f"scope {route.scope.value} {route.area_code or ''} → {route.office.name}"
                + (f" + {route.department.name}" if route.department else "")
            )
        return fresh

    def show_new_mails(self, limit: int = 8) -> None:
        """The mails the capture received since the last checkpoint: recipient and subject."""
        mails = self.mail.messages[self._mails_shown :]
        self._mails_shown += len(mails)
        for mail in mails[:limit]:
            console.print(
                f"  ✉ {mail.path.name} to {', '.join(mail.recipients)}: {mail.subject}", markup=False
            )
        if len(mails) > limit:
            console.print(f"  ✉ … and {len(mails) - limit} more in {mails[0].path.parent}")

    def mails_for(self, alert_id: int) -> list[CapturedMail]:
        return [m for m in self.mail.messages if m.thread == f"alert-{alert_id}"]

    # ------------------------------------------------------------------ the story

    def run(self) -> StoryResult:
        previous: datetime | None = None
        for checkpoint in CHECKPOINTS:
            label = f"{SCENARIO_START + timedelta(hours=checkpoint.hours):%m-%d %H:%M}"
            with step(f"checkpoint {label} ({checkpoint.caption})"):
                self.advance_to(checkpoint)
                sources = self.changed_sources(previous)
                self.sync(datetime.now(UTC), sources)
                elapsed = time.monotonic() - self._started
                console.print(Rule(f"{label} — {checkpoint.caption} [dim](+{elapsed:.0f} s)[/]"))
                previous = self.web.clock.now()
                coverage, documents = self.show_coverage()
                self.result.coverage, self.result.documents = coverage, documents
                self.show_hotspots(documents)
                self.show_new_alerts()
                self.show_new_mails()
                if checkpoint.act == "alert_fired":
                    self.alert_fired(documents)
                elif checkpoint.act == "response_detected":
                    self.response_detected()
                elif checkpoint.act == "follow_up":
                    self.follow_up()
                elif checkpoint.act == "rectified":
                    self.rectified()
        return self.result

    def fishkill_alert(self, documents: list[Document]) -> AlertRecord | None:
        event_ids = self.event_ids(documents)
        candidates = [a for a in self.state.alerts() if a.event_id in event_ids]
        return max(candidates, key=lambda a: a.item_count, default=None)

    def alert_fired(self, documents: list[Document]) -> None:
        alert = self.fishkill_alert(documents)
        if alert is None:
            raise StepError(
                "alert",
                "no alert fired for the fish-kill event (are sentiment and regions analysed?)",
                self.cli.run("alerts", "list", "--all", show=False),
            )
        self.result.alert_id = alert.id
        self.result.alert_level = alert.level.name
        self.result.alert_office = alert.route.office.name
        console.print(
            f"[bold red]预警[/] #{alert.id}: {alert.level.label_zh} for “{alert.title}”, routed to "
            f"{alert.route.office.name} (属地 {alert.route.area_code})"
        )
        mail = wait_for(
            lambda: next((m for m in self.mails_for(alert.id) if EVENT_OFFICE.address in m.recipients), None),
            f"the alert mail to {EVENT_OFFICE.address}",
            timeout=60,
            alive=self.service.check_alive,
        )
        self.result.alert_mail = mail
        console.print(
            f"[green]mail received[/] by the local SMTP capture: to {', '.join(mail.recipients)} — "
            f"“{mail.subject}” ({mail.path})"
        )
        hooks = [h for h in self.hooks.hooks if f"alert-{alert.id}" in h.key]
        console.print(f"webhook receiver: {len(hooks)} message(s) for alert #{alert.id}")
        self.cli.run("alerts", "ack", str(alert.id), "--by", DEMO_ACTOR, "--note", "研判：属实，需跟进")
        self.result.transitions.append("acknowledged")

    def _alert_id(self) -> int:
        if self.result.alert_id is None:
            raise StepError("alert", "no alert to follow (the alert step did not run)")
        return self.result.alert_id

    def response_detected(self) -> None:
        alert_id = self._alert_id()
        alert = wait_for(
            lambda: next(
                (a for a in self.state.alerts() if a.id == alert_id and a.candidate_url is not None), None
            ),
            "the official response (情况通报) to be detected",
            timeout=60,
            alive=self.service.check_alive,
        )
        console.print(
            f"预警 #{alert_id} is now {alert.level.label_zh}, {alert.item_count} items; "
            f"[green]official response detected[/]: {alert.candidate_url} — offered for confirmation"
        )
        self.cli.run(
            "alerts",
            "assign",
            str(alert_id),
            EVENT_OFFICE.name,
            "--by",
            DEMO_ACTOR,
            "--note",
            "转办属地核查回应",
        )
        self.cli.run("alerts", "respond", str(alert_id), "--candidate", "--by", DEMO_ACTOR)
        self.result.response_url = alert.candidate_url
        self.result.transitions += ["assigned", "responded"]

    def follow_up(self) -> None:
        alert_id = self._alert_id()
        self.cli.run("alerts", "follow-up", str(alert_id), "--by", DEMO_ACTOR, "--note", "跟踪调查与整改进展")
        self.result.transitions.append("follow_up")

    def rectified(self) -> None:
        alert_id = self._alert_id()
        final = next(a for a in self.state.alerts() if a.id == alert_id)
        self.result.alert_level = final.level.name
        self.result.alert_office = final.route.office.name
        self.cli.run("alerts", "show", str(alert_id))
        self.cli.run("alerts", "close", str(alert_id), "--by", DEMO_ACTOR, "--note", "整改完成，水质达标")
        self.result.transitions.append("closed")


def fishkill_truth(web: SampleWeb) -> list[GroundTruthItem]:
    return [item for item in web.ground_truth() if item.event == EVENT]


def count_by(items: list[str]) -> dict[str, int]:
    return dict(Counter(items))


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
