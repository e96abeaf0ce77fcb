"""Operations announce what they changed; pages listen for the registers they show.

Modelled on Anki's `OpChanges` / `operation_did_execute`: instead of every page reloading every
other page by hand after each save, the code that changed records calls `announce(...)` with the
registers it touched, and each page refreshes only when a notice names one of the registers it
`watches`. A page that is hidden when the notice arrives marks itself stale and reads again when it
is next shown, so one import never costs seven page reloads.

The notifier is one QObject per process: pages connect a bound method, which Qt disconnects by
itself when the page is destroyed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from unionbook.domain.registers import Register


@dataclass(frozen=True)
class OpChanges:
    """What one operation changed, and who did it (that page already shows the result)."""

    registers: frozenset[Register]
    source: object | None = None

    def touches(self, watched: Iterable[Register]) -> bool:
        return not self.registers.isdisjoint(watched)


class ChangeNotifier(QObject):
    changed = Signal(object)  # OpChanges


_notifier: ChangeNotifier | None = None


def notifier() -> ChangeNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ChangeNotifier()
    return _notifier


def announce(*registers: Register | Iterable[Register], source: object | None = None) -> OpChanges:
    """Tell every listener that these registers changed; returns the notice sent."""
    flat: set[Register] = set()
    for item in registers:
        if isinstance(item, Register):
            flat.add(item)
        else:
            flat.update(item)
    changes = OpChanges(frozenset(flat), source)
    if flat:
        notifier().changed.emit(changes)
    return changes
