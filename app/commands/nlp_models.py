"""``qingshan nlp train|evaluate|compare|models|promote``: the analysts' model loop.

* ``train --task T`` trains on the corpora of the data directory (k-fold CV, optional grid search,
  optional analyst labels given explicitly with ``--labels``) and registers a new version ``vN`` with
  its card; it does not activate it.
* ``evaluate --task T --data FILE.csv`` scores a version on a ``text,label[,date]`` CSV: per-class
  precision/recall/F1, ``macro_f1``, calibration; ``--plots DIR`` writes confusion and calibration
  PNGs; a ``date`` column adds a per-month (time-split) evaluation. Texts the version was trained on
  as analyst labels are excluded (and counted), never silently scored.
* ``compare V1 V2`` evaluates two versions on the same CSV; ``models`` lists versions;
  ``promote V`` switches the active version atomically (a running service reloads it).

Errors (missing corpora, bad CSV, unknown or corrupt model) print one line and exit with status 2.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.context import fail, load_settings_or_exit
from config import Settings
from nlp.errors import NlpError
from nlp.models import ModelRegistry, ModelVersion
from nlp.models.tasks import TASKS
from nlp.sentiment.labels import CHINESE
from nlp.training.evaluation import Evaluation, format_report
from nlp.training.train import (
    LabeledCsv,
    compact,
    evaluate_model,
    read_labeled_csv,
    text_hash,
    train_task,
)

console = Console()
TASK_OPTION = click.option(
    "--task", type=click.Choice(TASKS), required=True, help="Which model: sentiment or relevance."
)
DATA_OPTION = click.option(
    "--data",
    "data_file",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="text,label CSV.",
)


def register(group: click.Group) -> None:
    """Attach the model commands to the ``nlp`` group."""
    for command in (train, evaluate, compare, models, promote):
        group.add_command(command)


def _settings(ctx: click.Context) -> Settings:
    obj = ctx.find_root().obj or {}
    return load_settings_or_exit(obj.get("config_dir"))


@contextmanager
def _nlp_errors() -> Iterator[None]:
    """NLP errors (missing data, bad labels, unknown or corrupt model) → one line, status 2."""
    try:
        yield
    except NlpError as exc:
        fail(str(exc))


# --- train ----------------------------------------------------------------------------------------


@click.command()
@TASK_OPTION
@click.option(
    "--folds", type=click.IntRange(0, 20), default=None, help="k-fold CV (default nlp.yaml; 0 = none)."
)
@click.option("--grid", is_flag=True, help="Small grid search over C (and aux_scale) by CV.")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Third-party corpora (default settings data_dir).",
)
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Analyst labels (text,label CSV) to add to the training rows; recorded in the card.",
)
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N rows per corpus (quick runs).")
@click.option("--baseline", is_flag=True, help="Also train and report the char n-gram baseline.")
@click.pass_context
def train(
    ctx: click.Context,
    task: str,
    folds: int | None,
    grid: bool,
    data_dir: Path | None,
    labels_file: Path | None,
    limit: int | None,
    baseline: bool,
) -> None:
    """Train a new model version (registered as vN, not activated)."""
    settings = _settings(ctx)
    registry = ModelRegistry.from_settings(settings)
    folds = settings.nlp.training.folds if folds is None else folds
    with _nlp_errors():
        labels: LabeledCsv | None = read_labeled_csv(labels_file, task) if labels_file else None
        with _progress() as progress:
            run = train_task(
                task,
                data_dir or settings.data_dir,
                folds=folds,
                grid=grid,
                labels=labels,
                seed=settings.nlp.training.seed,
                limit=limit,
                baseline=baseline,
                progress=progress,
                created_by=_user(),
            )
        entry = registry.register(run.pipeline, run.card)
    console.print(format_report(run.held_out), markup=False, highlight=False)
    if run.cv is not None:
        console.print(
            f"cross-validation ({run.cv['folds']} folds): macro_f1 {run.cv['macro_f1_mean']:.4f} "
            f"± {run.cv['macro_f1_std']:.4f}, params {json.dumps(run.cv['params'])}",
            markup=False,
            highlight=False,
        )
    if run.baseline is not None:
        console.print(f"baseline macro_f1 {run.baseline.macro_f1:.4f}", highlight=False)
    if labels is not None:
        record = run.card.data["analyst_labels"]
        console.print(
            f"analyst labels: {record['trained_on']} trained on, "
            f"{record['excluded_held_out']} excluded (held-out texts)",
            highlight=False,
        )
    console.print(
        f"registered {task} model {entry.card.version} at {entry.path} (not active; "
        f"qingshan nlp promote {entry.card.version} --task {task})",
        markup=False,
        highlight=False,
    )


class _RichProgress:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


@contextmanager
def _progress() -> Iterator[_RichProgress]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as progress:
        yield _RichProgress(progress)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# --- evaluate / compare ---------------------------------------------------------------------------


def _trained_hashes(entry: ModelVersion) -> set[str]:
    record = entry.card.data.get("analyst_labels") or {}
    return set(record.get("text_hashes") or [])


def _evaluate_version(
    registry: ModelRegistry, task: str, version: str | None, data: LabeledCsv
) -> tuple[ModelVersion, Evaluation]:
    model, entry = registry.load(task, version)
    seen = _trained_hashes(entry)
    keep = [i for i, row in enumerate(data.rows) if text_hash(row.text) not in seen]
    rows = [data.rows[i] for i in keep]
    dates = [data.dates[i] for i in keep] if data.dates is not None else None
    if not rows:
        raise click.UsageError(f"{data.path}: no rows left to evaluate")
    report = evaluate_model(task, model, rows, dates)
    report.excluded_seen = len(data.rows) - len(rows)
    return entry, report


def _read_data(path: Path, task: str) -> LabeledCsv:
    data = read_labeled_csv(path, task)
    if not data.rows:
        fail(f"{path}: no labelled rows (need columns text,label)")
    return data


@click.command()
@TASK_OPTION
@DATA_OPTION
@click.option("--model", "version", default=None, help="Version to evaluate (default: the active one).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--plots",
    "plots_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write confusion.png and calibration.png here.",
)
@click.pass_context
def evaluate(
    ctx: click.Context, task: str, data_file: Path, version: str | None, as_json: bool, plots_dir: Path | None
) -> None:
    """Per-class precision/recall/F1 and macro_f1 of a model version on a labelled CSV."""
    settings = _settings(ctx)
    registry = ModelRegistry.from_settings(settings)
    with _nlp_errors():
        data = _read_data(data_file, task)
        entry, report = _evaluate_version(registry, task, version, data)
    plots = _write_plots(task, report, plots_dir) if plots_dir else []
    if as_json:
        payload = {"task": task, "model": entry.card.version, "data": str(data_file), **report.as_dict()}
        if plots:
            payload["plots"] = [str(p) for p in plots]
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    console.print(f"{task} model {entry.card.version} on {data_file}", markup=False, highlight=False)
    console.print(format_report(report), markup=False, highlight=False)
    for path in plots:
        console.print(f"wrote {path}", markup=False, highlight=False)


def _write_plots(task: str, report: Evaluation, directory: Path) -> list[Path]:
    from nlp.training.plots import plot_calibration, plot_confusion

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{directory}: cannot create: {exc.strerror or exc}")
    display = CHINESE if task == "sentiment" else {"environment": "环境", "other": "其他"}
    return [
        plot_confusion(report, directory / "confusion.png", display=display),
        plot_calibration(report, directory / "calibration.png"),
    ]


@click.command()
@click.argument("first")
@click.argument("second")
@TASK_OPTION
@DATA_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def compare(ctx: click.Context, first: str, second: str, task: str, data_file: Path, as_json: bool) -> None:
    """Evaluate two model versions on the same labelled CSV."""
    settings = _settings(ctx)
    registry = ModelRegistry.from_settings(settings)
    with _nlp_errors():
        data = _read_data(data_file, task)
        results = [_evaluate_version(registry, task, v, data) for v in (first, second)]
    if as_json:
        payload: dict[str, Any] = {
            "task": task,
            "data": str(data_file),
            "models": {entry.card.version: compact(report) for entry, report in results},
            "delta_macro_f1": round(results[1][1].macro_f1 - results[0][1].macro_f1, 4),
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    table = Table(title=f"{task} on {data_file}")
    table.add_column("metric")
    for entry, _ in results:
        table.add_column(entry.card.version, justify="right")
    table.add_column("Δ", justify="right")
    (_, a), (_, b) = results
    table.add_row("macro_f1", f"{a.macro_f1:.4f}", f"{b.macro_f1:.4f}", f"{b.macro_f1 - a.macro_f1:+.4f}")
    table.add_row("accuracy", f"{a.accuracy:.4f}", f"{b.accuracy:.4f}", f"{b.accuracy - a.accuracy:+.4f}")
    for label in a.labels:
        fa, fb = a.per_class[label]["f1"], b.per_class[label]["f1"]
        table.add_row(f"f1 {label}", f"{fa:.4f}", f"{fb:.4f}", f"{fb - fa:+.4f}")
    if a.ece is not None and b.ece is not None:
        table.add_row("ece", f"{a.ece:.4f}", f"{b.ece:.4f}", f"{b.ece - a.ece:+.4f}")
    table.add_row("n", str(a.support), str(b.support), "")
    console.print(table)


# --- models / promote -----------------------------------------------------------------------------


def _summary(entry: ModelVersion) -> dict[str, Any]:
    card = entry.card
    held_out = card.metrics.get("held_out") or {}
    labels = (card.data.get("analyst_labels") or {}).get("file")
    return {
        "version": card.version,
        "created_at": card.created_at,
        "created_by": card.created_by,
        "shipped": entry.shipped,
        "data": card.data.get("split", ""),
        "analyst_labels": labels,
        "held_out_macro_f1": held_out.get("macro_f1"),
        "baseline_macro_f1": (card.metrics.get("baseline") or {}).get("macro_f1"),
        "cv_macro_f1": (card.metrics.get("cross_validation") or {}).get("macro_f1_mean"),
        "path": str(entry.path),
    }


@click.command()
@click.option("--task", type=click.Choice(TASKS), default=None, help="Only this task.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per task.")
@click.pass_context
def models(ctx: click.Context, task: str | None, as_json: bool) -> None:
    """List model versions: data, held-out metrics, which one is active."""
    settings = _settings(ctx)
    registry = ModelRegistry.from_settings(settings)
    for name in [task] if task else list(TASKS):
        with _nlp_errors():
            entries = registry.versions(name)
            active = registry.active_version(name)
        if as_json:
            versions = [{**_summary(e), "active": e.card.version == active} for e in entries]
            click.echo(json.dumps({"task": name, "active": active, "versions": versions}, ensure_ascii=False))
            continue
        table = Table(title=f"{name} models (active: {active})")
        for column in ("", "version", "created", "data", "held-out macro-F1", "baseline", "CV"):
            table.add_column(column)
        for entry in entries:
            row = _summary(entry)
            data = row["data"] + (f" + labels {row['analyst_labels']}" if row["analyst_labels"] else "")
            table.add_row(
                "*" if entry.card.version == active else "",
                row["version"] + (" (shipped)" if entry.shipped else ""),
                row["created_at"],
                data,
                _fmt(row["held_out_macro_f1"]),
                _fmt(row["baseline_macro_f1"]),
                _fmt(row["cv_macro_f1"]),
            )
        console.print(table)


def _fmt(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, int | float) else "-"


@click.command()
@click.argument("version")
@TASK_OPTION
@click.pass_context
def promote(ctx: click.Context, version: str, task: str) -> None:
    """Make VERSION the active model (a running service picks it up without restarting)."""
    settings = _settings(ctx)
    registry = ModelRegistry.from_settings(settings)
    with _nlp_errors():
        registry.load(task, version)  # refuse a version that cannot be loaded
        registry.promote(task, version)
    console.print(f"{task}: active model is now {version}", markup=False, highlight=False)
