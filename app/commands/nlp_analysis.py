"""``qingshan nlp analyze``, ``label-export`` and ``label-import``: the analysis of texts and analyst labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from app.context import fail, load_settings_or_exit, open_store_or_exit

if TYPE_CHECKING:
    from app.analysis import DocumentAnalyzer
    from config import Settings
    from nlp.analysis import Analysis

TASK_CHOICE = click.Choice(["sentiment", "relevance"])


def register(group: click.Group) -> None:
    for command in (analyze, label_export, label_import):
        group.add_command(command)


def _analyzer(settings: Settings) -> DocumentAnalyzer:
    from app.analysis import AnalysisError, build_document_analyzer

    try:
        return build_document_analyzer(settings, bulk=True)
    except AnalysisError as exc:
        fail(str(exc))


@click.command("analyze")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input line.")
@click.option("--home-region", default=None, metavar="CODE", help="The texts' home region (6-digit code).")
@click.pass_context
def analyze(ctx: click.Context, file: TextIO, as_json: bool, home_region: str | None) -> None:
    """Analyse texts, one per line, from FILE (default: stdin); blank lines are skipped."""
    from app.analysis import AnalysisError
    from nlp.analysis import AnalysisInput
    from nlp.errors import NlpError

    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    lines = [(number, line.strip()) for number, line in enumerate(file, start=1) if line.strip()]
    document_analyzer = _analyzer(settings)
    try:
        results = document_analyzer.analyze_texts(
            [AnalysisInput(text, home_region=home_region) for _, text in lines]
        )
    except (AnalysisError, NlpError) as exc:
        fail(str(exc))
    finally:
        document_analyzer.close()
    if as_json:
        for (number, text), analysis in zip(lines, results, strict=True):
            payload = {"line": number, "text": text, **analysis.to_dict()}
            click.echo(json.dumps(payload, ensure_ascii=False))
        return
    _print_table(settings, [text for _, text in lines], results)


def _print_table(settings: Settings, texts: list[str], results: list[Analysis]) -> None:
    from nlp.regions import default_gazetteer

    regions = default_gazetteer().regions
    topic_names = {topic.id: topic.name for topic in settings.topics.topics}
    sentiment_zh = {"positive": "正面", "neutral": "中性", "negative": "负面"}
    table = Table(show_lines=True)
    for column in ("#", "文本", "情感", "环境相关", "主题", "地区", "关键词"):
        table.add_column(column, overflow="fold")
    for number, (text, a) in enumerate(zip(texts, results, strict=True), start=1):
        sentiment = f"{sentiment_zh[a.sentiment]} {a.sentiment_score:.2f}" if a.sentiment else "—"
        relevance = "—" if a.relevance is None else f"{'是' if a.relevant else '否'} {a.relevance:.2f}"
        table.add_row(
            str(number),
            Text(text if len(text) <= 80 else text[:80] + "…"),
            sentiment,
            relevance,
            Text("、".join(topic_names.get(t, t) for t in a.topics) or "—"),
            Text("、".join(f"{regions[c].name if c in regions else c} {c}" for c in a.regions) or "—"),
            Text("、".join(a.keywords[:6]) or "—"),
        )
    Console().print(table)


@click.command("label-export")
@click.option("--task", type=TASK_CHOICE, required=True)
@click.option("-n", "count", type=click.IntRange(1, 100_000), default=100, show_default=True)
@click.option(
    "--since",
    "days",
    type=click.FloatRange(min=0, min_open=True),
    default=7.0,
    show_default=True,
    help="Days back.",
)
@click.option(
    "--pool", type=click.IntRange(1, 100_000), default=5000, show_default=True, help="Recent items scanned."
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.pass_context
def label_export(ctx: click.Context, task: str, count: int, days: float, pool: int, output: Path) -> None:
    """Write the N stored items of the last DAYS the model is least sure about, as a CSV to label."""
    from app.labels import recent_documents, since_days, uncertain_candidates, write_export

    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    current = _analyzer(settings).current()
    model = current.sentiment if task == "sentiment" else current.relevance
    store = open_store_or_exit(settings, read_only=True)
    try:
        documents = list(recent_documents(store, since_days(days), limit=pool))
    finally:
        store.close()
    candidates = uncertain_candidates(documents, task, model, count=count, max_chars=settings.nlp.max_chars)
    try:
        with output.open("w", encoding="utf-8-sig", newline="") as handle:
            write_export(handle, candidates)
    except OSError as exc:
        fail(f"cannot write {output}: {exc}")
    click.echo(
        f"wrote {len(candidates)} item(s) to label to {output} "
        f"(from {len(documents)} stored in the last {days:g} day(s)); fill the 'label' column"
    )


@click.command("label-import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--task", type=TASK_CHOICE, required=True)
@click.option("--by", "by", required=True, metavar="NAME", help="Who labelled the rows.")
@click.pass_context
def label_import(ctx: click.Context, file: Path, task: str, by: str) -> None:
    """Store the analyst labels of FILE (a label-export CSV with 'label' filled) as training data."""
    from app.labels import LabelStore, import_labels
    from app.service.errors import ServiceDatabaseError
    from nlp.errors import LabelError

    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    try:
        store = LabelStore.open_at(settings.database_url())
    except ServiceDatabaseError as exc:
        fail(str(exc))
    try:
        result = import_labels(store, file, task, by=by)
    except (LabelError, ServiceDatabaseError) as exc:
        fail(f"{exc}; nothing was imported")
    finally:
        store.close()
    click.echo(
        f"stored {result.stored} {task} label(s) by {by.strip()}; skipped {result.skipped_empty} row(s) without a label"
    )
