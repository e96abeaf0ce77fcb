"""Every dialog fits a 1366×768 screen with its buttons in view, and shrinking it never stacks one
field on another (issue 11). The dialogs are those of dialog_catalogue.py, on the demo union.

A 1366×768 screen leaves about 728 pixels under the taskbar, less a title bar: 700 is what a dialog
may ask for. FormDialog scrolls its fields when a screen is shorter still (tested below on a dialog
whose fields are taller than the room it is given).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dialog_catalogue import DIALOGS
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabBar,
    QTextEdit,
    QWidget,
)

from unionbook.services.database import Database
from unionbook.ui.application import create_application

#: The most a dialog may ask for on a 1366×768 screen (728 under the taskbar, less a title bar).
MAX_HEIGHT = 700
FIELDS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QAbstractButton, QAbstractItemView)


def _in_dialog(widget: QWidget, dialog: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def _fields(dialog: QWidget) -> list[QWidget]:
    """The visible input widgets, not the parts of one (a combo's line edit, a table's scroll
    buttons, a tab bar's arrows)."""
    found = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, FIELDS) or not widget.isVisibleTo(dialog) or widget.width() <= 0:
            continue
        parent, inside = widget.parentWidget(), False
        while parent is not None and parent is not dialog:
            if isinstance(parent, (*FIELDS, QTabBar)) or (isinstance(parent, QScrollArea) and parent.widget() is None):
                inside = True
                break
            parent = parent.parentWidget()
        if not inside:
            found.append(widget)
    return found


def _shown_part(widget: QWidget, dialog: QWidget) -> QRect:
    """What of the widget is on screen: a field inside a scroll area is clipped by its viewport."""
    rect = _in_dialog(widget, dialog)
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            rect = rect.intersected(_in_dialog(parent.viewport(), dialog))
        parent = parent.parentWidget()
    return rect


def _overlaps(dialog: QWidget) -> list[tuple[str, str]]:
    fields = _fields(dialog)
    boxes = [(w, _shown_part(w, dialog)) for w in fields]
    found = []
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1 :]:
            if ra.intersects(rb) and not a.isAncestorOf(b) and not b.isAncestorOf(a):
                found.append((_describe(a), _describe(b)))
    return found


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")()
    return f"{type(widget).__name__}({widget.objectName() or text or ''})"


def _buttons(dialog: QWidget) -> list[QPushButton]:
    """The dialog's own buttons: those of its button boxes, or a wizard's, or a bare 关闭."""
    boxes = dialog.findChildren(QDialogButtonBox)
    buttons = [b for box in boxes for b in box.buttons() if b.isVisibleTo(dialog)]
    if not buttons:
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog) and b.parentWidget() is dialog]
    if not buttons:
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog) and b.text() in ("关闭", "取消")]
    return buttons


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits_a_1366x768_screen_without_overlapping_fields(qtbot, demo_db: Database, tmp_path: Path, name: str) -> None:
    create_application()
    dialog = DIALOGS[name](demo_db, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.sizeHint()
    assert hint.height() <= MAX_HEIGHT, f"{name} asks for {hint.width()}×{hint.height()}"
    assert hint.width() <= 1366

    dialog.resize(hint)
    qtbot.wait(1)
    buttons = _buttons(dialog)
    assert buttons, name
    for button in buttons:
        assert dialog.rect().contains(_in_dialog(button, dialog)), f"{name}: {button.text()} is outside"
    assert not _overlaps(dialog), f"{name} at its size hint: {_overlaps(dialog)}"

    smallest = dialog.minimumSizeHint()
    dialog.resize(smallest.expandedTo(dialog.minimumSize()))
    qtbot.wait(1)
    assert not _overlaps(dialog), f"{name} at {dialog.width()}×{dialog.height()}: {_overlaps(dialog)}"
    # Fields may scroll up and down, never lose their right edge (there is no sideways scrolling).
    cut = [_describe(w) for w in _fields(dialog)
           if _shown_part(w, dialog).width() and _shown_part(w, dialog).width() < w.width()]  # fmt: skip
    assert not cut, f"{name} at {dialog.width()}×{dialog.height()}: cut off at the right: {cut}"
    for button in buttons:
        assert dialog.rect().contains(_in_dialog(button, dialog)), f"{name} (smallest): {button.text()} is outside"


def test_form_dialog_scrolls_its_fields_when_the_screen_is_short(qtbot, demo_db: Database, tmp_path: Path) -> None:
    """On a screen shorter than the fields (a 1366×768 laptop at 125 % text), the fields scroll
    and 保存/取消 stay in view under them."""
    create_application()
    dialog = DIALOGS["contract-edit"](demo_db, tmp_path)
    qtbot.addWidget(dialog)
    natural = dialog.scroll.content.sizeHint().height()
    dialog._room_for_body = lambda: 400  # type: ignore[method-assign]  # a short screen
    dialog.scroll._room = dialog._room_for_body
    dialog.scroll.updateGeometry()
    assert natural > 400 and dialog.scroll.sizeHint().height() == 400
    assert dialog.sizeHint().height() < 400 + 100
    dialog.show()
    dialog.resize(dialog.sizeHint())
    qtbot.wait(1)
    assert dialog.scroll.verticalScrollBar().isVisible()
    for button in dialog.buttons.buttons():
        assert dialog.rect().contains(_in_dialog(button, dialog))
    assert not _overlaps(dialog)
    assert isinstance(dialog.findChild(QLabel, "renewalBanner"), QLabel)
