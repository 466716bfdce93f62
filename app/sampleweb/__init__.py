"""The sample web: a real HTTP server on loopback standing in for the internet in tests and ``make demo``.

It serves two news sites (UTF-8, and GBK without a charset header), a county bureau's site, RSS/Atom feeds, a
Weibo-shaped mobile JSON API, a message-board JSON API and fault endpoints; items appear as a ``SampleClock`` moves.
See README.md in this directory for the URL map and every shape.

Exceptions::

    SampleWebError                 base of everything raised here
    ├── UnknownModeError           (also ValueError) a source, mode or control request that does not exist
    └── ServerStateError           (also RuntimeError) base_url before start(), start() twice
"""

from app.sampleweb.clock import SCENARIO_START, SHANGHAI, SampleClock
from app.sampleweb.errors import SampleWebError, ServerStateError, UnknownModeError
from app.sampleweb.groundtruth import GroundTruthItem
from app.sampleweb.server import SampleWeb

__all__ = [
    "SCENARIO_START",
    "SHANGHAI",
    "GroundTruthItem",
    "SampleClock",
    "SampleWeb",
    "SampleWebError",
    "ServerStateError",
    "UnknownModeError",
]
