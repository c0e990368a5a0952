"""The heap is frozen after a script run that imported modules, and only then (handover/ui/heap.py)."""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator

import pytest

from handover.ui import heap
from tests.app.conftest import MakeApp


@pytest.fixture
def thawed() -> Iterator[None]:
    heap.thaw()
    yield
    heap.thaw()


@pytest.mark.usefixtures("thawed")
def test_settle_freezes_once_per_new_modules() -> None:
    assert gc.get_freeze_count() == 0
    heap.settle()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    alive = [[n] for n in range(100)]  # lists are tracked by the collector
    heap.settle()  # no module arrived: nothing more is frozen
    assert gc.get_freeze_count() == frozen
    sys.modules["handover_heap_probe"] = types.ModuleType("handover_heap_probe")
    try:
        heap.settle()  # a module arrived: what is alive now is frozen too
        assert gc.get_freeze_count() >= frozen + len(alive)
    finally:
        del sys.modules["handover_heap_probe"]
    assert alive


@pytest.mark.usefixtures("thawed")
def test_garbage_is_collected_not_frozen() -> None:
    class Node:
        pass

    cycle = Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    del cycle  # garbage, only a collection can free it
    heap.settle()
    assert not any(isinstance(thing, Node) for thing in gc.get_objects())


@pytest.mark.usefixtures("thawed")
def test_a_page_rerun_freezes_nothing_more(make_app: MakeApp) -> None:
    app = make_app(page="overview")
    frozen = gc.get_freeze_count()
    assert frozen > 0  # the first run froze the modules it imported
    app.run()
    app.run()
    assert not app.exception
    assert gc.get_freeze_count() == frozen


def test_the_server_does_not_force_a_full_collection_after_every_run() -> None:
    import tomllib

    from tests.conftest import REPO

    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["postScriptGC"] is False
