"""What the panels of the 文档 page share: one translation context, the colours, the captions.

The page was one module; its translations were made under the context "DocumentsPage" and stay
under it, so splitting the page into panels changes no string a translator has seen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from unionbook.services.document_plan import PeriodChoice
from unionbook.ui.i18n import translator

tr = translator("DocumentsPage")

#: Greyed: a file that is gone, a figure being recomputed, a placeholder row.
MISSING = QBrush(QColor("#9aa3ad"))
#: A template that cannot be used.
ERROR = QBrush(QColor("#c0392b"))
FORMATS = {"docx": "Word 文档", "xlsx": "Excel 表格"}


#: How each period choice reads in the combo box; the part before "（" is its short name.
PERIOD_LABELS = {
    PeriodChoice.YEAR: "全年（1月1日至12月31日）",
    PeriodChoice.HALF_YEAR: "上半年（1月1日至6月30日）",
    PeriodChoice.STATISTICAL: "统计年度（上年10月1日至本年9月30日）",
    PeriodChoice.CUSTOM: "自定义期间",
}


def period_label(choice: PeriodChoice, *, short: bool = False) -> str:
    label = tr(PERIOD_LABELS[choice])
    return label.split("（")[0] if short else label


def caption(text: str) -> QLabel:
    """A bold section title ("模板", "统计期间", …)."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def panel_column(
    panel: QWidget, *, spacing: int | None = None, margins: tuple[int, int, int, int] = (0, 0, 0, 0)
) -> QVBoxLayout:
    """A panel's own layout: no margins, so panels stack as if they were one column of the page."""
    column = QVBoxLayout(panel)
    column.setContentsMargins(*margins)
    if spacing is not None:
        column.setSpacing(spacing)
    return column


def restyle(label: QLabel, object_name: str) -> None:
    """Switch a label between the style sheet's #hint/#warning/#error looks; Qt re-reads a
    widget's style only when told to."""
    label.setObjectName(object_name)
    label.style().unpolish(label)
    label.style().polish(label)


def ask(parent: QWidget, title: str, text: str) -> bool:
    """Yes/No, No by default: every question on this page is about replacing or deleting a file."""
    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


def open_path(path: Path) -> bool:
    """Open a document in its default application (Word/WPS/Excel), or a folder in the file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
