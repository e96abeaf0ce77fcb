"""The switch that stops a book's reading when its window closes (db/interrupt.py, issues 17/18).

The window holds no engine (ui never imports db or SQLAlchemy): it asks for the switch here, turns
it on right after the open so that every connection is watched, hands it to the background checks
as their `cancel`, and calls `stop()` once it has closed.
"""

from __future__ import annotations

from unionbook.db.interrupt import Interrupter, interrupter


def reading_switch(db) -> Interrupter:
    """The book's switch (one per open book; its first call starts watching the connections)."""
    return interrupter(db.engine)
