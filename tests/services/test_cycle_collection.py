"""The cycle collector is put back on after bulk work that overlapped in two threads (an import
and a batch preview, a preview and a write): services/cycle_collection.py."""

from __future__ import annotations

import gc

import pytest

from unionbook.services import cycle_collection
from unionbook.services.cycle_collection import no_cycle_collection


class _Collector:
    """gc as the blocks see it; `on_look` runs once, the moment a block asks whether it is on
    (the other thread's block ending just then)."""

    def __init__(self) -> None:
        self.enabled = True
        self.on_look = None

    def isenabled(self) -> bool:
        seen = self.enabled
        if self.on_look is not None:
            step, self.on_look = self.on_look, None
            step()
        return seen

    def disable(self) -> None:
        self.enabled = False

    def enable(self) -> None:
        self.enabled = True


def test_the_collector_is_on_again_when_a_block_ends_while_another_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    collector = _Collector()
    monkeypatch.setattr(cycle_collection, "gc", collector)
    first, second = no_cycle_collection(), no_cycle_collection()
    first.__enter__()
    assert not collector.enabled
    ended: list[bool] = []
    collector.on_look = lambda: ended.append(first.__exit__(None, None, None))  # the first ends as the second looks
    with second:
        assert not collector.enabled
    if not ended:
        first.__exit__(None, None, None)
    assert collector.enabled


def test_nested_blocks_put_the_collector_back_as_they_found_it() -> None:
    assert gc.isenabled()
    with no_cycle_collection():
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
