"""``make demo``: the pipeline end to end on the embedded default, against the local sample web.

The sample web publishes a fictional fish-kill story (and background news) over scenario time; the
demo moves its clock forward in steps, crawls every source after each step, and shows what the
product sees: sources' health, search with the query language, the index's statistics.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from app.sampleweb import SCENARIO_START, SampleClock, SampleWeb
from app.sampleweb.sources import write_sample_config

console = Console()
WORKSPACE = Path("var/demo")
# (hours after the scenario start, what the audience should notice)
STEPS: list[tuple[float, str]] = [
    (0.0, "背景：三天来的环境新闻、微博与留言"),
    (1.5, "泾县琴溪河出现死鱼，微博开始转发"),
    (3.5, "新闻报道跟进，留言板出现投诉"),
    (5.5, "泾县生态环境分局发布情况通报（官方回应）"),
    (30.0, "次日：调查进展"),
    (96.0, "第四天：整改完成（整改跟踪）"),
]
SEARCHES = [
    ("死鱼 泾县", "the fish-kill event"),
    ("(死鱼 | 偷排) source:bureau", "official releases on it"),
    ('"垃圾焚烧" -演练', "an exact phrase, minus drills"),
    ("sentiment:negative type:social", "negative social posts"),
]


def qingshan(config: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real CLI against the demo config, showing its output."""
    env = {**os.environ, "QINGSHAN_CONFIG": str(config)}
    console.print(f"[dim]$ qingshan {' '.join(args)}[/]")
    result = subprocess.run([sys.executable, "-m", "app", *args], env=env, text=True, check=False)
    if check and result.returncode != 0:
        console.print(f"[bold red]qingshan {args[0]} failed with exit code {result.returncode}[/]")
        sys.exit(result.returncode)
    return result


def main() -> None:
    shutil.rmtree(WORKSPACE, ignore_errors=True)
    config = WORKSPACE / "config"
    clock = SampleClock(start=SCENARIO_START, speed=0.0)
    with SampleWeb("127.0.0.1", 0, clock) as web:
        console.print(Rule("qingshan demo"))
        console.print(f"sample web (stands in for the internet): {web.base_url}")
        write_sample_config(config, web.base_url, home=(WORKSPACE / "var").resolve())
        qingshan(config, "config", "check")
        for hours, caption in STEPS:
            clock.set(SCENARIO_START + timedelta(hours=hours))
            console.print(Rule(f"{clock.now():%Y-%m-%d %H:%M} — {caption}"))
            qingshan(config, "crawl", "--all", "--once")
        console.print(Rule("source health"))
        qingshan(config, "sources")
        for query, what in SEARCHES:
            console.print(Rule(f"search: {what}"))
            qingshan(config, "search", query, "--limit", "5")
        console.print(Rule("the index"))
        qingshan(config, "stats")
        published = len(web.ground_truth())
    console.print(Rule("summary"))
    console.print(
        f"the sample web published {published} items; the store and index are in {WORKSPACE / 'var'}"
    )
    console.print(f"try: QINGSHAN_CONFIG={config} .venv/bin/qingshan search '死鱼 | 黑臭水体'")


if __name__ == "__main__":
    main()
