"""Guards against a broken Qt binding release (pyproject.toml pins PySide6 below 6.12).

PySide6 6.12.0 on CPython 3.11 hands None back from every void method without taking a reference;
a GUI session then aborts with "deallocating None" after a few thousand calls. Measuring the loss
over a thousand calls catches such a release without crashing the test run.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

from unionbook.ui.application import create_application


def test_void_qt_calls_do_not_leak_references_to_none(qtbot) -> None:  # noqa: ANN001
    create_application()
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert before - sys.getrefcount(None) < 100
