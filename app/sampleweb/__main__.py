"""``python -m app.sampleweb --port N --speed X``: serve the sample web until interrupted (for the demo)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading
from datetime import datetime

from app.sampleweb.clock import SCENARIO_START, SampleClock
from app.sampleweb.server import SampleWeb


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m app.sampleweb", description="Serve the sample web on loopback."
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=0, help="port (default 0 = a free port, printed at start)"
    )
    parser.add_argument(
        "--speed", type=float, default=0.0, help="scenario minutes per real second (0 = frozen)"
    )
    parser.add_argument(
        "--start",
        type=datetime.fromisoformat,
        default=SCENARIO_START,
        help="scenario time to start at, ISO 8601 with offset (default 2026-11-20T08:00:00+08:00)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with SampleWeb(args.host, args.port, SampleClock(start=args.start, speed=args.speed)) as web:
        print(f"sample web at {web.base_url} (speed {args.speed} scenario min/s); Ctrl-C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
