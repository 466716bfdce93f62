"""Train the shipped default models into ``nlp/data/<task>/default/`` (model.skops + card.json).

``python -m nlp.training.build_defaults [--data-dir DIR] [--task sentiment|relevance] [--folds K]``
trains on the third-party corpora of the data directory with the default split and parameters
(:mod:`nlp.training.train`), evaluates on the held-out set and the baseline, and overwrites the
shipped version. nlp/data/MODEL_CARD.md describes the result; update it with the printed figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from config import load_settings
from nlp.models.registry import DEFAULT_VERSION, SHIPPED_MODELS_DIR
from nlp.models.serialization import save_model
from nlp.models.tasks import TASKS
from nlp.training.train import train_task

CREATED_AT = "2026-11-23"


def build(task: str, data_dir: Path, folds: int, out: Path = SHIPPED_MODELS_DIR) -> dict[str, object]:
    started = time.monotonic()
    run = train_task(task, data_dir, folds=folds, baseline=True, created_by="nlp.training.build_defaults")
    run.card.version = DEFAULT_VERSION
    run.card.created_at = CREATED_AT
    run.card.data["data_dir"] = "../shared/data"
    run.card.notes = (
        "Shipped default. Trained on research-use corpora (see nlp/data/MODEL_CARD.md); "
        "the weights are derived from them."
    )
    target = out / task / DEFAULT_VERSION
    tmp = out / task / f".{DEFAULT_VERSION}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_model(run.pipeline, tmp / "model.skops")
    run.card.write(tmp / "card.json")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    summary = {
        "task": task,
        "seconds": round(time.monotonic() - started, 1),
        "held_out": run.card.metrics["held_out"]["macro_f1"],
        "baseline": run.card.metrics.get("baseline", {}).get("macro_f1"),
        "size_bytes": (target / "model.skops").stat().st_size,
    }
    if task == "relevance":
        summary["f1_environment"] = run.held_out.per_class["environment"]["f1"]
        summary["baseline_f1_environment"] = (
            run.baseline.per_class["environment"]["f1"] if run.baseline else None
        )
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--task", choices=TASKS, action="append")
    parser.add_argument("--folds", type=int, default=0)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or load_settings().data_dir
    for task in args.task or TASKS:
        print(json.dumps(build(task, data_dir, args.folds), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
