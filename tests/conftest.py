"""Session-wide test set-up.

The segmenter is process-wide state: the app installs the configured one (shipped dictionary plus the
topic keywords) when it opens a store. Install the default configuration's segmenter once at the
start so every test sees the same tokens whatever ran before it in the same worker.

``--dist loadgroup`` under pytest 9: pytest-xdist 3.8 sends a group's tests to one worker by appending
``@group`` to each item's id through ``item._nodeid``, which pytest 9 no longer reads (the id lives in
``item._id``), so a module's tests were spread over both workers and each ran the module's heavy
fixture (a whole crawl or service run). The hook below tags the items the way xdist intends.
"""

from __future__ import annotations

import pytest
from _pytest.nodes import coerce_node_id

from app.wiring import configure_segmenter
from config import load_settings


@pytest.fixture(scope="session", autouse=True)
def configured_segmenter() -> None:
    configure_segmenter(load_settings(None))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        if "@" in item.nodeid:
            continue
        marks = item.iter_markers("xdist_group")
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
        if names:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")
