"""Python's cycle collector held off while bulk work builds its objects.

Each full collection walks every object made so far: ~10% of a 100,000-row import, a third of a
78,000-line batch preview — and while it walks, it holds the interpreter, so a window whose
worker thread collects stands still. Rows, lines and payments make no cycles for it to find.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The collector off for the block, put back as it was found: an import or a batch in the
    window runs beside everything else, and two may overlap."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
