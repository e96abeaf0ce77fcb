"""Small pieces the dialogs of the honors, positions, rights and mutual-aid registers are built from.

Those dialogs are short forms — a label and a field per line, a few vocabularies, a date or two and
a note — so each says only its fields and what it saves (a FormDialog), and takes its widgets from
here: a right-aligned form, a combo over a vocabulary that keeps a value from elsewhere, a line edit
and a note box of the usual sizes, a whole number that may stay empty.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget


def form_layout(box: QWidget | None = None, *, all_grow: bool = False) -> QFormLayout:
    """Label and field rows (in `box`, if given), the labels right-aligned beside their fields.
    Fields that expand (line edits) take the width; `all_grow`: every field that may grow does."""
    form = QFormLayout(box)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(10)
    grow = QFormLayout.FieldGrowthPolicy
    form.setFieldGrowthPolicy(grow.AllNonFixedFieldsGrow if all_grow else grow.ExpandingFieldsGrow)
    return form


def choice_combo(values: list[str], blank: str | None = None) -> QComboBox:
    """A combo over a vocabulary's labels; `blank` adds a first "not filled in" item (data None)."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for value in values:
        combo.addItem(value, value)
    return combo


def select(combo: QComboBox, value: str | None) -> None:
    """Show `value` as chosen; a value from another system is added, so the service can say why
    it is not allowed rather than the dialog silently changing it."""
    index = combo.findData(value)
    if index < 0 and value:
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def line_edit(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def notes_edit(placeholder: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    edit.setPlaceholderText(placeholder)
    return edit


def count_edit(maximum: int, placeholder: str = "未填写") -> QLineEdit:
    """A whole number that may stay empty (a spin box cannot say "not recorded")."""
    edit = QLineEdit()
    edit.setValidator(QIntValidator(0, maximum, edit))
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(100)
    return edit


def count_of(edit: QLineEdit) -> int | None:
    text = edit.text().strip().replace(",", "")
    return int(text) if text else None
