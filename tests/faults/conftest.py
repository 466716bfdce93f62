"""``--dist loadgroup`` for the fault suite under pytest 9.

pytest-xdist 3.8 sends a group's tests to one worker by appending ``@group`` to each item's id through
``item._nodeid``, which pytest 9 no longer reads (the id lives in ``item._id``): the tests of one module
were spread over both workers and each worker ran the module's heavy fixture (a whole service run). This
tags the items of this directory the way xdist intends; it could move to tests/conftest.py for every test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.nodes import coerce_node_id

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        if HERE not in item.path.resolve().parents or "@" in item.nodeid:
            continue
        marks = item.iter_markers("xdist_group")
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
        if names:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")
