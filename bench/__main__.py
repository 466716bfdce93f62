"""``python -m bench [--quick] [--only NAME] [module flags]``: run the registered benchmarks, print one table.

Each module in ``bench.BENCHMARKS`` may add its own flags (``add_arguments``); ``--help`` lists them.
Results are merged into ``bench/out/latest.json`` and ``bench/out/latest.md`` with the machine they
were taken on. A benchmark that fails is reported and the others still run; the exit status is 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import shlex
import sys
import traceback
from pathlib import Path
from types import ModuleType

from bench import BENCHMARKS, BenchmarkUnavailable
from bench.common import OUT_DIR, BenchRow, load_average, machine_info
from bench.report import print_table, write_outputs

logger = logging.getLogger("bench")


def load_modules(names: list[str]) -> dict[str, ModuleType]:
    return {name: importlib.import_module(f"bench.{name}") for name in names}


def build_parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run in a few minutes")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(modules),
        metavar="NAME",
        help=f"run only NAME: {list(modules)}",
    )
    parser.add_argument("--seed", type=int, default=13, help="seed of generated data (default 13)")
    parser.add_argument("--keep", action="store_true", help="keep the generated stores under bench/out/")
    parser.add_argument("--data-dir", type=Path, default=None, help="third-party corpora (settings.data_dir)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where latest.json/latest.md go")
    for name, module in modules.items():
        add_arguments = getattr(module, "add_arguments", None)
        if add_arguments is not None:
            add_arguments(parser.add_argument_group(name))
    return parser


def run_one(name: str, module: ModuleType, args: argparse.Namespace) -> list[BenchRow] | None:
    """The rows of one benchmark, or None when it failed (reported on stderr)."""
    logger.info("running benchmark %s", name)
    try:
        rows: list[BenchRow] = module.run(args)
    except BenchmarkUnavailable as exc:
        logger.error("benchmark %s cannot run: %s", name, exc)
        return None
    except Exception:
        logger.error("benchmark %s failed:\n%s", name, traceback.format_exc())
        return None
    return rows


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    modules = load_modules(BENCHMARKS)
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(modules).parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)  # benchmarks write their details there as they go
    machine = machine_info()
    rows: list[BenchRow] = []
    failed = []
    for name in args.only or list(modules):
        result = run_one(name, modules[name], args)
        if result is None:
            failed.append(name)
        else:
            rows.extend(result)
    run = {
        "command": shlex.join(["python", "-m", "bench", *argv]),
        "machine": machine,
        "load_average_end": load_average(),
        "failed": failed,
    }
    print_table(rows, machine)
    if rows:
        json_path, md_path = write_outputs(args.out, rows, run)
        logger.info("wrote %s and %s", json_path, md_path)
    if failed:
        logger.error("failed: %s", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
