"""``make demo``: the whole story end to end on the embedded default, on loopback only.

A local sample web publishes a fictional fish kill in 泾县 (and background news, Weibo posts, board
threads) over compressed scenario time; the real service (`qingshan run`) crawls it, analyses, clusters
events, fires an alert routed to the responsible office, delivers it to a local mail capture and a
webhook receiver, detects the bureau's official response, follows up until the rectification; then the
daily digest (HTML and PDF) is built and the console is started with a demo login.

    python -m app.demo [--fast] [--serve] [--workspace DIR]

Everything lands in the workspace (default ``var/demo``); ``summary.json`` there holds the figures.
Any failing step prints its name and the command's output and exits 1.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from rich.panel import Panel
from rich.rule import Rule

from app.demo_config import EVENT_OFFICE, DemoConfig, office_mailboxes, write_demo_config
from app.demo_console import DEMO_USER, ConsoleServer, create_demo_user
from app.demo_mail import MailCapture
from app.demo_state import DemoState
from app.demo_story import CHECKPOINTS, EVENT, Story
from app.demo_summary import DemoSummary, alert_lines, print_summary, write_summary
from app.demo_support import Cli, ServiceProcess, StepError, console, reap_orphans, step, tail
from app.demo_webhook import WebhookCapture
from app.ports import free_port
from app.sampleweb import SCENARIO_START, SampleClock, SampleWeb
from app.sampleweb.groundtruth import GroundTruthItem
from config import load_settings

# The 舆情日报 dated D covers D-1 08:00 → D 08:00: the one dated the day after the fish kill broke covers it.
DIGEST_DAY = SCENARIO_START.date() + timedelta(days=1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, default=Path("var/demo"), help="Where everything goes.")
    parser.add_argument("--fast", action="store_true", help="Jump the clock between checkpoints (tests).")
    parser.add_argument("--serve", action="store_true", help="Keep the console running until Ctrl-C.")
    return parser.parse_args(argv)


def run_digest(cli: Cli) -> dict[str, str]:
    output = cli.run("digest", "--date", DIGEST_DAY.isoformat(), "--send")
    files = {}
    for line in output.splitlines():
        path = Path(line.strip())
        if path.suffix in (".html", ".pdf", ".json") and path.exists():
            files[path.suffix.lstrip(".")] = str(path)
    for kind in ("html", "pdf"):
        if kind not in files:
            raise StepError("digest", f"the digest's {kind.upper()} was not written", output)
    html = Path(files["html"]).read_text(encoding="utf-8")
    if "死鱼" not in html:
        raise StepError("digest", f"the digest of {DIGEST_DAY} does not mention 死鱼", files["html"])
    return files


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    workspace = args.workspace.resolve()
    shutil.rmtree(workspace, ignore_errors=True)
    (workspace / "logs").mkdir(parents=True)
    console.print(Rule("qingshan demo"))
    try:
        return run(args, workspace, started)
    except StepError as exc:
        console.print(
            Panel(
                f"{exc.message}\n\n{exc.output}".rstrip(),
                title=f"[bold red]demo failed at step: {exc.step}",
                border_style="red",
            )
        )
        console.print(f"logs: {workspace / 'logs'}")
        return 1
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/]")
        return 130


def run(args: argparse.Namespace, workspace: Path, started: float) -> int:
    clock = SampleClock(start=SCENARIO_START, speed=0.0)
    with (
        SampleWeb("127.0.0.1", 0, clock) as web,
        MailCapture(workspace / "mail") as mail,
        WebhookCapture(workspace / "webhook") as hooks,
    ):
        console.print(f"sample web (stands in for the internet): {web.base_url}")
        console.print(f"mail capture (SMTP): 127.0.0.1:{mail.port} → {workspace / 'mail'}/*.eml")
        console.print(f"webhook receiver: {hooks.url} → {workspace / 'webhook'}/*.json")
        demo, cli = configure(workspace, web, mail, hooks)
        state = DemoState(load_settings(demo.directory))
        problems: list[str] = []
        service = ServiceProcess(cli, workspace / "logs" / "service.log", "--no-digest")
        with step("service start"):
            service.start()
        try:
            story = Story(web, cli, service, state, mail, hooks, fast=args.fast)
            story.run()
            with step("service stop"):
                console.print(Rule("the service stops (SIGTERM drains running jobs)"))
                wait_quiet(state)
                code = service.stop(timeout=state.settings.schedule.drain_timeout_s + 15)
                if code != 0:
                    problems.append(f"`qingshan run` did not stop cleanly on SIGTERM (exit {code})")
                    console.print(
                        Panel(
                            tail(service.log(), 1500),
                            title=f"[bold red]service stop: {problems[-1]}; the demo goes on",
                            border_style="red",
                        )
                    )
                cli.run("status")
        finally:
            service.stop()
            reap_orphans(cli.config)
        with step("digest"):
            console.print(Rule(f"舆情日报 of {DIGEST_DAY} (HTML, PDF, e-mailed to the default channels)"))
            digest = run_digest(cli)
        with step("console"):
            console.print(Rule("the console"))
            password = create_demo_user(cli)
            server = ConsoleServer(cli, demo.web_port, workspace / "logs" / "console.log")
            server.start()
            try:
                show_console(server, password, story.result.alert_id)
                summary = build_summary(
                    workspace, started, state, story, web.ground_truth(), digest, password, cli, server.url
                )
                print_summary(summary)
                write_summary(summary, workspace / "summary.json")
                if args.serve:
                    console.print(f"[bold]console running at {server.url} — Ctrl-C to stop[/]")
                    server.wait()
            finally:
                server.stop()
    for problem in problems:
        console.print(f"[bold red]problem:[/] {problem}")
    return 1 if problems else 0


def wait_quiet(state: DemoState, timeout: float = 30.0) -> None:
    """Give a running crawl the chance to finish before SIGTERM (a short drain), without insisting."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(j.kind == "crawl" and j.last_outcome == "running" for j in state.status().jobs):
            return
        time.sleep(0.2)


def configure(
    workspace: Path, web: SampleWeb, mail: MailCapture, hooks: WebhookCapture
) -> tuple[DemoConfig, Cli]:
    with step("config"):
        demo = write_demo_config(
            workspace / "config",
            web.base_url,
            mailto=office_mailboxes(mail.mailto_url),
            webhook_url=hooks.url,
            web_port=free_port(),
        )
        cli = Cli(demo.directory, workspace / "logs" / "cli.log")
        cli.run("config", "check")
    console.print(
        f"routing: 泾县 (341823) → {EVENT_OFFICE.name} <{EVENT_OFFICE.address}>; "
        "city, province, national offices and the water department have their own mailboxes"
    )
    return demo, cli


def show_console(server: ConsoleServer, password: str, alert_id: int | None) -> None:
    """Log in as the demo user and open the pages the story filled."""
    end = (SCENARIO_START + timedelta(days=1)).date().isoformat()
    checks = server.check_pages(
        password,
        [
            ("/alerts?state=closed", "死鱼"),
            (f"/alerts/{alert_id}" if alert_id else "/alerts", "死鱼"),
            (f"/hotspots?period=3d&end={end}", "死鱼"),
            ("/search?q=死鱼+泾县", "死鱼"),
            ("/digests", DIGEST_DAY.isoformat()),
            ("/sources", "bureau"),
        ],
    )
    for check in checks:
        mark = "[green]ok[/]" if check.status == 200 and check.found else "[red]unexpected[/]"
        console.print(f"  GET {server.url}{check.path} → {check.status} {mark}")
    bad = [c.path for c in checks if c.status != 200 or not c.found]
    if bad:
        raise StepError("console", f"pages did not show the story: {bad}", server.log())


def build_summary(
    workspace: Path,
    started: float,
    state: DemoState,
    story: Story,
    truth: list[GroundTruthItem],
    digest: dict[str, str],
    password: str,
    cli: Cli,
    console_url: str,
) -> DemoSummary:
    result = story.result
    documents = state.documents()
    coverage = state.coverage(truth, documents)
    urls = {d.url for d in documents}
    event_truth = [item for item in truth if item.event == EVENT]
    alerts = state.alerts()
    mails = story.mail.messages
    return DemoSummary(
        duration_s=time.monotonic() - started,
        scenario_end=f"{SCENARIO_START + timedelta(hours=CHECKPOINTS[-1].hours):%Y-%m-%d %H:%M}",
        published=coverage.published,
        stored_of_published=coverage.stored_of_published,
        stored_total=coverage.stored_total,
        by_site={site: list(pair) for site, pair in coverage.by_site.items()},
        missing=[item.url for item in coverage.missing],
        event_published=len(event_truth),
        event_stored=sum(1 for item in event_truth if item.url in urls),
        events=len({d.event_id for d in documents if d.event_id}),
        event_ids=sorted(story.event_ids(documents)),
        alerts=alert_lines(state, alerts, mails),
        alerts_by_level=dict(Counter(alert.level.name for alert in alerts)),
        mails=len(mails),
        webhooks=len(story.hooks.hooks),
        digest=digest,
        workspace=str(workspace),
        config=str(cli.config),
        console_url=console_url,
        console_command=f"QINGSHAN_CONFIG={cli.config} .venv/bin/qingshan serve",
        user=DEMO_USER,
        password=password,
        story={
            "alert_id": result.alert_id,
            "alert_level": result.alert_level,
            "alert_office": result.alert_office,
            "alert_mail": None
            if result.alert_mail is None
            else {
                "subject": result.alert_mail.subject,
                "recipients": list(result.alert_mail.recipients),
                "level": result.alert_mail.level,
                "path": str(result.alert_mail.path),
            },
            "response_url": result.response_url,
            "transitions": result.transitions,
            "peak_heat": result.peak_heat,
        },
    )


if __name__ == "__main__":
    sys.exit(main())
