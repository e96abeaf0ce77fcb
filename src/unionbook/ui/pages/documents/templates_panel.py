"""The template list: built-in templates first, then the chair's own, and what the selected one is.

Each template says what it is (its 备注 property), which period it means and, when it cannot be
used, why — a template with an unknown variable is listed in red with the names to fix rather
than left out, or the chair would not know why her file is missing.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QWidget

from unionbook.services import documents
from unionbook.services.document_plan import PeriodChoice
from unionbook.services.templates import TemplateInfo
from unionbook.ui.pages.documents.common import ERROR, FORMATS, MISSING, caption, panel_column, period_label, tr


class TemplatesPanel(QWidget):
    """Lists the templates and tells which one is selected (`changed`, with it or None)."""

    changed = Signal(object)  # TemplateInfo | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.templates: list[TemplateInfo] = []
        column = panel_column(self)
        column.addWidget(caption(tr("模板")))
        self.tree = QTreeWidget()
        self.tree.setObjectName("templateTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr("名称"), tr("格式")])
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(12)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.tree, 1)
        self.info = QLabel()
        self.info.setObjectName("templateInfo")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setMinimumHeight(self.fontMetrics().height() * 5)
        column.addWidget(self.info)
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())

    def set_templates(self, templates: list[TemplateInfo], select: Path | None = None) -> None:
        """Show `templates` and select `select` (else the one selected before, else the first)."""
        current = self.current_template()
        wanted = select or (current.path if current else None)
        self.templates = templates
        tree = self.tree
        tree.blockSignals(True)
        tree.clear()
        bold = QFont(tree.font())
        bold.setBold(True)
        chosen: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        for builtin, title in ((True, tr("内置模板")), (False, tr("我的模板"))):
            group = QTreeWidgetItem([title, ""])
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(group)
            members = [(i, t) for i, t in enumerate(templates) if t.builtin == builtin]
            for index, info in members:
                item = _template_item(index, info)
                group.addChild(item)
                first = first or item
                if wanted is not None and info.path == wanted:
                    chosen = item
            if not members and not builtin:
                empty = QTreeWidgetItem([tr("还没有。可点下方“添加自己的模板…”"), ""])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                empty.setForeground(0, MISSING)
                group.addChild(empty)
        tree.expandAll()
        tree.blockSignals(False)
        tree.setCurrentItem(chosen or first)
        self._selection_changed()

    def current_template(self) -> TemplateInfo | None:
        item = self.tree.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return self.templates[index] if isinstance(index, int) and index < len(self.templates) else None

    def select(self, name: str, *, builtin: bool | None = None) -> bool:
        """Select the template called `name` (the user's when both exist, unless `builtin`)."""
        candidates = [t for t in self.templates if t.name == name and (builtin is None or t.builtin == builtin)]
        if not candidates:
            return False
        target = min(candidates, key=lambda t: t.builtin)  # the user's first
        for group_index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(group_index)
            for child_index in range(group.childCount()):
                item = group.child(child_index)
                index = item.data(0, Qt.ItemDataRole.UserRole)
                if isinstance(index, int) and self.templates[index] is target:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def _selection_changed(self) -> None:
        info = self.current_template()
        if info is None:
            self.info.setText(tr("请在上面选择一个模板。"))
        else:
            self.info.setText(describe(info))
            self.info.setToolTip(str(info.path))
        self.changed.emit(info)


def _template_item(index: int, info: TemplateInfo) -> QTreeWidgetItem:
    item = QTreeWidgetItem([info.name, info.format])
    item.setData(0, Qt.ItemDataRole.UserRole, index)
    if info.error:
        item.setToolTip(0, tr("无法读取：") + info.error)
    elif info.unknown:
        item.setToolTip(0, tr("含未知变量：") + "、".join(sorted(info.unknown)))
    else:
        item.setToolTip(0, str(info.path))
    if info.error or info.unknown:
        item.setForeground(0, ERROR)
        item.setText(0, f"{info.name}（{tr('无法使用')}）")
    elif info.overridden:
        item.setForeground(0, MISSING)
        item.setText(0, f"{info.name}（{tr('已由我的同名模板替代')}）")
    return item


def describe(info: TemplateInfo) -> str:
    """What the template is, its default period, and what is wrong with it if anything (rich text)."""
    kind = FORMATS.get(info.format, info.format)
    what = documents.template_description(info.path) or (tr("自定义模板") if not info.builtin else tr("内置模板"))
    lines = [f"<b>{html.escape(info.name)}</b>　{kind}（.{info.format}）", html.escape(what)]
    if info.error:
        lines.append(f'<span style="color:#c0392b">{tr("无法读取：")}{html.escape(info.error)}</span>')
    elif info.unknown:
        lines.append(
            f'<span style="color:#c0392b">{tr("含未知变量：")}{html.escape("、".join(sorted(info.unknown)))}'
            f"{tr('。请在 Word/WPS 中改正后重新添加。')}</span>"
        )
    else:
        default = period_label(PeriodChoice.of(info.period_kind), short=True)
        lines.append(tr("用到 {0} 个变量，默认期间：{1}").format(len(info.variables), default))
    if info.overridden:
        lines.append(tr("生成时按名称选用的是“我的模板”中的同名模板；这里仍可选用内置的。"))
    if not info.builtin:
        lines.append(tr("文件：") + html.escape(str(info.path)))
    return "<br>".join(lines)
