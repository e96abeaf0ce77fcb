"""The form plumbing every add/edit dialog shares: fields with inline errors, save on accept.

STYLE.md's three tiers of errors meet here. A rule the service refuses (`ValidationError` naming a
field) is shown in red under that field, which gets the focus, and the dialog stays open; a failure
of the operation (`UnionbookError`) goes to `show_error`; nothing is half-saved either way.
A dialog says what it saves (`save()`), which fields it has (`field()`), and, if it can tell before
saving, whether the form is complete (`is_complete()`, which keeps 保存 disabled until it is) —
OpenLP's song-book form validates in accept() the same way.

A form that edits a stored record calls `track(table, id, reload)` before it reads the record:
its save then goes through only if nobody saved that record since (services/audit/conflicts.py).
If somebody did, the dialog says who changed which fields, shows the record as they saved it
(`reload`) and stays open, so the chair makes their change again on top of it.

The fields sit in a scroll area that scrolls only when the screen is too short for them (a
1366×768 laptop at 125 % text size), so 保存 and 取消 stay in view below on any screen; on a screen
with room the dialog looks and sizes exactly as it would without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import StaleRecordError, UnionbookError, ValidationError
from unionbook.services.audit import conflicts
from unionbook.services.database import Database
from unionbook.ui.dialogs.record_form import form_layout
from unionbook.ui.errors import show_error
from unionbook.ui.widgets.attachments import AttachmentsWidget


class ErrorLabel(QLabel):
    """Red text under a field; hidden (taking no room) while there is nothing to say."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("error")
        self.setWordWrap(True)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


@dataclass(frozen=True)
class Saved:
    """What `save()` returns when the service gives back only the record's id (no warnings)."""

    id: int
    warnings: tuple[str, ...] = ()


def inline(*parts: QWidget | str | tuple[QWidget, int], stretch: bool = True) -> QWidget:
    """Widgets (and label texts) side by side without margins: an amount and its unit; a
    `(widget, 1)` takes the width left over."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        widget, share = part if isinstance(part, tuple) else (part, 0)
        layout.addWidget(QLabel(widget) if isinstance(widget, str) else widget, share)
    if stretch:
        layout.addStretch(1)
    return row


def form_columns(
    box: QWidget, stretch: tuple[int, int] = (1, 1), *, all_grow: bool = False
) -> tuple[QFormLayout, QFormLayout]:
    """Two label/field columns side by side in `box` (a wide dialog's group box), top-aligned,
    sharing the width as `stretch` says (record_form.form_layout's rows)."""
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(24)
    forms = form_layout(all_grow=all_grow), form_layout(all_grow=all_grow)
    for column, form in enumerate(forms):
        grid.addLayout(form, 0, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(column, stretch[column])
    return forms


def stacked(*widgets: QWidget) -> QWidget:
    """Widgets one under another, tight: a field and its error line, a row of fields and its note."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    return box


#: Room kept above and below a dialog on the screen: the title bar and frame the window system adds.
WINDOW_FRAME = 48


class ScrollingBody(QScrollArea):
    """A dialog's fields, scrolled vertically only when taller than `room()` allows.

    A QScrollArea alone asks for at most 24 lines of text and lets the dialog shrink to nothing,
    so every form would open small and scrolled. This one asks for its fields' own size, capped
    at the room the screen leaves, and will not shrink below their minimum unless the screen is
    shorter still; its size is asked again whenever the fields' layout changes (an error line
    shown, the meeting fields appearing)."""

    def __init__(self, room: Callable[[], int]) -> None:
        super().__init__()
        self._room = room
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        self.content.setObjectName("formBody")
        self.setWidget(self.content)
        self.content.installEventFilter(self)

    def _fit(self, wanted: QSize) -> QSize:
        room = max(self._room(), 120)
        if wanted.height() <= room:
            return wanted
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(wanted.width() + bar, room)

    def sizeHint(self) -> QSize:
        return self._fit(self.content.sizeHint())

    def minimumSizeHint(self) -> QSize:
        # Room for the scroll bar always: shrunk, wrapped text may need it, and the fields must not
        # lose their right edge to it (there is no horizontal scrolling).
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted = self.content.minimumSizeHint()
        fitted = self._fit(wanted)
        return QSize(wanted.width() + bar, fitted.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.content and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


class FormDialog(QDialog):
    """Subclasses build their fields into `self.body`, then call `finish()`.

    After the dialog closed with Accepted, `saved` holds what `save()` returned (for the registers:
    a SaveResult with the record's id and the warnings to show).
    """

    def __init__(
        self, parent: QWidget | None = None, *, buttons: QDialogButtonBox.StandardButton | None = None,
        db: Database | None = None, today: date | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        #: The database the form's record is in, and its session factory (what the services take).
        self.db = db
        self._factory: Any = db.session_factory if db is not None else None
        #: The day new dates start from (tests fix it).
        self._today = today or date.today()
        self.saved: Any = None
        #: Files were attached or removed (saved at once: the page re-reads even after 取消).
        self.attachments_changed = False
        self.errors: dict[str, ErrorLabel] = {}
        self._focus: dict[str, QWidget] = {}
        #: The stored record this form edits, at the version it showed, and how to show it again.
        self._tracked: conflicts.Tracked | None = None
        self._reload: Callable[[], None] | None = None
        self.setSizeGripEnabled(True)
        self._outer = QVBoxLayout(self)
        self.general_error = ErrorLabel()
        standard = buttons or (QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons = QDialogButtonBox(standard)
        self.scroll = ScrollingBody(self._room_for_body)
        self.body = QVBoxLayout(self.scroll.content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self._outer.addWidget(self.scroll, 1)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _room_for_body(self) -> int:
        """The height the fields may take: the screen's, less the frame, the buttons and margins."""
        screen = self.screen() if self.isVisible() else (self.parentWidget() or self).screen()
        if screen is None:
            return 10_000
        margins = self._outer.contentsMargins()
        below = self.buttons.sizeHint().height() + 2 * max(self._outer.spacing(), 0)
        if self.general_error.isVisible():
            below += self.general_error.sizeHint().height() + max(self._outer.spacing(), 0)
        return screen.availableGeometry().height() - WINDOW_FRAME - margins.top() - margins.bottom() - below

    def showEvent(self, event: QShowEvent) -> None:
        """A size set by the dialog (resize(1180, 660)) is kept within the screen, buttons in view."""
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(self.width(), room.width()), min(self.height(), room.height() - WINDOW_FRAME)
            if (width, height) != (self.width(), self.height()):
                self.resize(max(width, self.minimumSizeHint().width()), max(height, self.minimumSizeHint().height()))
        super().showEvent(event)

    def finish(self) -> None:
        """Put the general error line and the buttons under the body (call once, after building)."""
        self._outer.addWidget(self.general_error)
        self._outer.addWidget(self.buttons)
        self.update_ok()

    # --- fields ------------------------------------------------------------------------------------

    def field(self, widget: QWidget, key: str, focus: QWidget | None = None) -> QWidget:
        """The widget with an error label under it, registered under the service's field name."""
        return stacked(widget, self.error_label(key, focus or widget))

    def error_label(self, key: str, focus: QWidget | None = None) -> ErrorLabel:
        """An error label for `key` placed by the caller (e.g. one line under a row of fields)."""
        label = ErrorLabel()
        self.errors[key] = label
        if focus is not None:
            self._focus[key] = focus
        return label

    def shared_error_label(self, fields: dict[str, QWidget]) -> ErrorLabel:
        """One error label for several fields on one row (应到/实到: key → the widget to focus)."""
        label = ErrorLabel()
        for key, focus in fields.items():
            self.errors[key] = label
            self._focus[key] = focus
        return label

    def attachments_widget(
        self, db: Database, owner_key: str, owner_id: int | None, unsaved_hint: str
    ) -> AttachmentsWidget:
        """The record's files as `self.attachments`, setting `attachments_changed` when they change."""
        self.attachments = AttachmentsWidget(db, owner_key, unsaved_hint=unsaved_hint)
        self.attachments.set_owner_id(owner_id)
        self.attachments.changed.connect(self._note_attachments_changed)
        return self.attachments

    def _note_attachments_changed(self) -> None:
        self.attachments_changed = True

    def clear_errors(self, keep: tuple[str, ...] = ()) -> None:
        """Hide every error but those a live check owns (`keep`)."""
        for key, label in self.errors.items():
            if key not in keep:
                label.show_text("")
        self.general_error.show_text("")

    def show_validation(self, exc: ValidationError) -> None:
        """The rule broken, under its field (focused); under the form when no field is named."""
        key = str(exc.params.get("field", ""))
        label = self.errors.get(key)
        if label is None:
            self.general_error.show_text(exc.message())
            return
        label.show_text(self.field_message(key, exc))
        widget = self._focus.get(key)
        if widget is not None:
            widget.setFocus()

    def field_message(self, key: str, exc: ValidationError) -> str:
        """The text under a field: the rule's detail (the field's own name is beside it already);
        a line shared by several fields names the field."""
        detail = str(exc.params.get("detail", exc.message()))
        shared = sum(1 for label in self.errors.values() if label is self.errors[key]) > 1
        return f"{key}{detail}" if shared else detail

    # --- completeness and saving ----------------------------------------------------------------

    def is_complete(self) -> bool:
        """Whether 保存 may be pressed (e.g. a required name is filled in)."""
        return True

    def update_ok(self) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save) or self.buttons.button(
            QDialogButtonBox.StandardButton.Ok
        )
        if button is not None:
            button.setEnabled(self.is_complete())

    def check(self) -> bool:
        """Checks only the form can make (text that is not a number …); False keeps it open."""
        return True

    def save(self) -> Any:
        raise NotImplementedError

    def track(self, table: str, row_id: int | None, reload: Callable[[], None]) -> None:
        """Edit the record `row_id` of `table` safely: call before reading it (the version comes
        first, so the form never shows newer data than the version it checks). `reload` reads the
        record again and fills the fields (after someone else saved it). Nothing for a new record."""
        if row_id is not None:
            self._tracked = conflicts.current_version(self._factory, table, row_id)
            self._reload = reload

    def accept(self) -> None:
        """Save through the service; on a rule broken, stay open with the reason by the field."""
        self.clear_errors(self.live_fields())
        if not self.check():
            return
        try:
            with conflicts.expecting(self._factory, [self._tracked]):
                self.saved = self.save()
        except ValidationError as exc:
            self.show_validation(exc)
            return
        except StaleRecordError as exc:
            self._show_theirs(exc)
            return
        except UnionbookError as exc:
            show_error(self, exc)
            return
        super().accept()

    def _show_theirs(self, exc: StaleRecordError) -> None:
        """Someone saved (or deleted) the record since this form opened: say who and what, then
        show the record as they left it (the form's typing is replaced; nothing of it was saved)."""
        show_error(self, exc, "其他人已修改此记录")
        if self._tracked is not None and self._reload is not None:
            tracked = conflicts.current_version(self._factory, self._tracked.table, self._tracked.row_id)
            if tracked is not None:  # deleted: nothing to show again, the message said so
                self._tracked = tracked
                self._reload()
                self.general_error.show_text(str(exc.params["detail"]) + "表单已换成最新内容，请在此基础上再改。")
                return
        self.general_error.show_text(exc.message())

    def live_fields(self) -> tuple[str, ...]:
        """Fields whose error line a live check owns; saving leaves them as they are."""
        return ()

    @property
    def saved_id(self) -> int | None:
        """The id of the record saved (None until the dialog closed with a save)."""
        return None if self.saved is None else self.saved.id

    def warnings_text(self) -> str:
        """The service's warnings for what was saved, for the page's message line."""
        warnings = getattr(self.saved, "warnings", None) or ()
        return "；".join(warnings)
