"""The demo's user config directory: the sample web's sources, a brisk schedule, alert channels pointing
at the local mail capture and webhook receiver, and routing offices with demo addresses.

Only the files the demo overrides are written; everything else is the shipped default (embedded store,
tantivy, the shipped rules, levels and deadlines).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.sampleweb.sources import sample_sources_yaml, write_sample_config

# One source per sample site (the feeds and the second news channel repeat the sites' items): each crawl
# is a process of its own and, with the embedded tantivy index, crawls take turns.
DEMO_SOURCES = ("newsa", "newsb", "bureau", "weibo", "board")

# A service that reacts within seconds (the shipped one polls every 1–60 minutes).
SCHEDULE = """crawl_interval_min_s: {interval_min}
crawl_interval_max_s: {interval_max}
crawl_timeout_s: 240
max_parallel_crawls: 2
postprocess_interval_s: 2
deadline_sweep_interval_s: 5
retry_initial_s: 2
retry_max_s: 10
drain_timeout_s: 60
heartbeat_s: 1
lock_lease_s: 10
"""


@dataclass(frozen=True)
class Office:
    """A routing office (属地管理) or department (谁主管谁负责) and its demo mailbox."""

    key: str  # the channel id is "<key>-mail"
    name: str
    address: str
    region: str | None = None  # 6-digit code; None for the national office and departments


OFFICES: tuple[Office, ...] = (
    Office("jingxian", "泾县生态环境分局办公室（宣传）", "jingxian@offices.example", "341823"),
    Office("xuancheng", "宣城市生态环境局宣传教育科", "xuancheng@offices.example", "341800"),
    Office("anhui", "安徽省生态环境厅宣传教育处", "anhui@offices.example", "340000"),
    Office("xingtai", "邢台市生态环境局宣传科", "xingtai@offices.example", "130500"),
    Office("hengyang", "衡阳市生态环境局宣传科", "hengyang@offices.example", "430400"),
    Office("yancheng", "盐城市生态环境局宣传科", "yancheng@offices.example", "320900"),
    Office("national", "生态环境部宣传教育司", "national@offices.example"),
)
# 谁主管谁负责: the department named for the water topic in topics.yaml.
WATER_DEPARTMENT = Office("water", "水生态环境处", "water-dept@offices.example")
EVENT_OFFICE = OFFICES[0]  # the fish kill happens in 泾县 (341823)


@dataclass(frozen=True)
class DemoConfig:
    directory: Path
    home: Path
    web_port: int


def _office_yaml(office: Office, indent: str) -> str:
    contact = {"name": f"{office.name}值班", "role": "舆情值班", "email": office.address}
    lines = [f"{indent}name: {office.name}"]
    lines.append(f"{indent}contacts: [{json.dumps(contact, ensure_ascii=False)}]")
    lines.append(f"{indent}channels: [{office.key}-mail]")
    return "\n".join(lines)


def routing_yaml() -> str:
    national = next(o for o in OFFICES if o.key == "national")
    parts = ["national:", _office_yaml(national, "  "), "offices:"]
    for office in OFFICES:
        if office.region is not None:
            parts.append(f'  - region: "{office.region}"')
            parts.append(_office_yaml(office, "    "))
    parts.append("departments:")
    parts.append("  - " + _office_yaml(WATER_DEPARTMENT, "    ").lstrip())
    return "\n".join(parts) + "\n"


def alerts_yaml(mailto: dict[str, str], webhook_url: str, console_url: str) -> str:
    """Channels on the local receivers; alerts go out at once (no quiet hours, short intervals)."""
    channels = [{"id": "ops-webhook", "url": webhook_url}]
    channels += [{"id": f"{key}-mail", "url": url} for key, url in mailto.items()]
    policy = {
        "debounce_minutes": 0.1,
        "min_interval_minutes": {"I": 0.2, "II": 0.2, "III": 0.2, "IV": 0.2},
        "batch_levels": [],
        "quiet_hours": {"enabled": False},
    }
    delivery = {"poll_seconds": 1, "backoff_initial_seconds": 2, "backoff_max_seconds": 10}
    return (
        "# Written by `make demo`: every channel is a local receiver.\n"
        f"channels: {json.dumps(channels, ensure_ascii=False)}\n"
        "default_channels: [ops-webhook]\n"
        f"update_policy: {json.dumps(policy)}\n"
        f"delivery: {json.dumps(delivery)}\n"
        f"console_url: {json.dumps(console_url)}\n"
    )


def pick_sources(base_url: str, source_ids: tuple[str, ...]) -> str:
    """The entries of the sample web's ``sources:`` list with these ids, in this order."""
    entries = {}
    for chunk in sample_sources_yaml(base_url).split("\n  - id: ")[1:]:
        entries[chunk.split("\n", 1)[0].strip()] = "\n  - id: " + chunk.rstrip() + "\n"
    return "".join(entries[source_id] for source_id in source_ids)


def write_demo_config(
    directory: Path,
    base_url: str,
    *,
    mailto: dict[str, str],
    webhook_url: str,
    web_port: int,
    interval: tuple[int, int] = (5, 10),
) -> DemoConfig:
    """The config directory (``directory``), with its home in ``directory/../var``."""
    home = (directory.parent / "var").resolve()
    write_sample_config(directory, base_url, home=home)
    sources = directory / "sources.yaml"
    crawl, _ = sources.read_text(encoding="utf-8").split("sources:", 1)
    sources.write_text(f"{crawl}sources:{pick_sources(base_url, DEMO_SOURCES)}", encoding="utf-8")
    schedule = SCHEDULE.format(interval_min=interval[0], interval_max=interval[1])
    (directory / "schedule.yaml").write_text(schedule, encoding="utf-8")
    console_url = f"http://127.0.0.1:{web_port}"
    (directory / "alerts.yaml").write_text(alerts_yaml(mailto, webhook_url, console_url), encoding="utf-8")
    (directory / "routing.yaml").write_text(routing_yaml(), encoding="utf-8")
    (directory / "web.yaml").write_text(f"host: 127.0.0.1\nport: {web_port}\n", encoding="utf-8")
    return DemoConfig(directory.resolve(), home, web_port)


def office_mailboxes(mailto_url: Callable[[str], str]) -> dict[str, str]:
    """Channel key → mailto URL for every office and the water department."""
    return {office.key: mailto_url(office.address) for office in (*OFFICES, WATER_DEPARTMENT)}
