"""Python's cycle collector held off while bulk work builds its objects.

Each full collection walks every object made so far: ~10% of a 100,000-row import, a third of a
78,000-line batch preview — and while it walks, it holds the interpreter, so a window whose
worker thread collects stands still. Rows, lines and payments make no cycles for it to find.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: The blocks running now, in any thread, and whether the collector was on before the first. The
#: collector is one switch for the whole program: looking at it and turning it off must be one step,
#: or a block starting as another ends sees it off, turns it off after the other put it back, and
#: leaves it off for good.
_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The collector off for the block, put back as it was found when the last block running ends:
    an import or a batch in the window runs beside everything else, and two may overlap."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
