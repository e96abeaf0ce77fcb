"""困难职工档案: who is on file, who is due for the yearly 复核, and each household's details.

Open files not reviewed for 12 months are orange, with the reason in the tooltip and a line above
the table naming the first of them; the 状态 filter shows the files open now (the default), closed
ones, all, or those open at the end of the window's year (the figure the 统计年报 asks for).
Besides add/edit/delete the tab registers a 复核/走访, closes a file, and fills the 建档申请表.

A large union has thousands of files, each with relatives and years of reviews: the list is lazy
(SQL filters and sorts the ids, the files on screen are read), the counts and the overdue line are
SQL aggregates, and a file's family and reviews are read when it is selected (hardship_detail.py)
or opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QMenu, QPushButton, QTableView, QWidget

from unionbook.domain.registers import Register
from unionbook.services import aid
from unionbook.services.aid import HardshipCounts, HardshipFilter, HardshipRow
from unionbook.services.hardship_form import fill_hardship_form
from unionbook.services.register_export import export_hardship
from unionbook.ui import register_io
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.dialogs.hardship_dialog import HardshipDialog
from unionbook.ui.dialogs.hardship_review_dialog import CloseFileDialog, ReviewDialog
from unionbook.ui.models.aid_table_models import HardshipColumn, HardshipTableModel
from unionbook.ui.pages.aid.hardship_detail import HardshipDetail
from unionbook.ui.pages.aid.tab import AidHost, AidTab, tr
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.panes import split_panes
from unionbook.ui.widgets.status_delegate import StatusKeepingDelegate

_LEGEND = (
    '<span style="background:#fbd9a5; color:#7a4100">&nbsp;超过12个月未复核&nbsp;</span>&nbsp;'
    '<span style="color:#8a949e">&nbsp;已关闭&nbsp;</span>'
)


class HardshipTab(AidTab[HardshipRow]):
    register = Register.HARDSHIP
    # Payments show in the detail panel (计入本档案的发放); names and departments come from members.
    watches = frozenset({Register.HARDSHIP, Register.PAYMENTS, Register.MEMBERS})
    noun = "档案"
    add_tip = "为一户困难职工家庭建档（一户一档）"
    has_attachments = True
    hidden_note = "（当前筛选条件下不显示这份档案）"
    stretch_column = HardshipColumn.CAUSES
    deleter, exporter = aid.delete_hardship_file, export_hardship
    export_done = "已导出 {rows} 户档案到 {path}"

    def __init__(self, page: AidHost) -> None:
        self._year: int | None = None
        self._counts = HardshipCounts(0, 0, 0, 0, ())  # the filter's, read with the ids
        super().__init__(page)
        self.add_button.setText(tr("新建档案"))
        self.import_button.setToolTip(tr("从 Excel/WPS 困难职工档案表导入"))
        self.export_button.setToolTip(tr("导出全部档案为 Excel 表格（可再次导入）"))
        # Selected rows keep their orange: the file picked to be reviewed is the one that is late.
        self.table.setItemDelegate(StatusKeepingDelegate(self.table))
        # Fixed row heights: the view then never asks every file for its size hint.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    # --- what the frame asks ----------------------------------------------------------------------

    def build_filters(self) -> None:
        self.status_combo = QComboBox()
        for text, data in ((tr("在档"), "open"), (tr("已关闭"), "closed"), (tr("全部"), "all"), ("", "year_end")):
            self.status_combo.addItem(text, data)  # the 年末在档 text is set by set_year
        self.add_filter_field(tr("状态"), self.status_combo)
        self.filters.addSpacing(6)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("warning")
        self.overdue_label.setStyleSheet("QLabel#warning { color: #b9770e; font-weight: bold; }")
        self.filters.addWidget(self.overdue_label, 1)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())

    def filter_tail(self) -> QWidget:
        return QLabel(_LEGEND)

    def row_actions(self) -> list[QPushButton]:
        self.review_button = QPushButton(tr("复核/走访"))
        self.review_button.setToolTip(tr("登记每年的复核或一次走访"))
        self.close_button = QPushButton(tr("关闭档案"))
        self.close_button.setToolTip(tr("解困脱困、不再符合条件或调离时关闭档案；历史发放保留"))
        self.review_button.clicked.connect(lambda: self.review_file())
        self.close_button.clicked.connect(lambda: self.close_file())
        return [self.review_button, self.close_button]

    def tool_widgets(self) -> list[QWidget]:
        self.form_button = QPushButton(tr("填写建档申请表"))
        self.form_button.setToolTip(tr("用选中的档案填写《困难职工建档申请表》（Word 文档）"))
        menu = QMenu(self.form_button)
        masked = menu.addAction(tr("填写申请表（身份证号部分隐藏）…"))
        full = menu.addAction(tr("填写申请表（显示完整身份证号，报上级审核用）…"))
        masked.triggered.connect(lambda: self.fill_form(show_id=False))
        full.triggered.connect(lambda: self.fill_form(show_id=True))
        self.form_button.setMenu(menu)
        return [self.form_button]

    def build_body(self, table: QTableView) -> QWidget:
        self.detail = HardshipDetail(self.db)
        return split_panes(table, self.detail, (3, 2))

    def make_model(self) -> HardshipTableModel:
        return HardshipTableModel(self.page.db.session_factory, today=self.page.fixed_today)

    def current_filter(self) -> HardshipFilter:
        return HardshipFilter(status=self.status_combo.currentData(), year=self._year)

    def fill_model(self) -> Sequence[HardshipRow]:
        """The filter's ids into the lazy model; counts and the overdue line from SQL."""
        flt = self.current_filter()
        self.model.set_filter(flt)  # type: ignore[union-attr]
        self._counts = counts = aid.hardship_counts(self.db.session_factory, flt, today=self.today)
        names = "、".join(counts.overdue_names) + ("等" if counts.overdue > len(counts.overdue_names) else "")
        self.overdue_label.setText(
            tr("{0} 户档案超过 12 个月未复核：{1}").format(counts.overdue, names) if counts.overdue else ""
        )
        return ()

    def counts_text(self, rows: Sequence[HardshipRow]) -> str:
        c = self._counts
        text = tr("显示 {0} 户；全部档案 {1} 户，其中在档 {2} 户、已关闭 {3} 户")
        return text.format(c.shown, c.total, c.open, c.closed)

    def selection_changed(self, row: HardshipRow | None) -> None:
        is_open = row is not None and row.data.closed_on is None
        self.review_button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        self.form_button.setEnabled(row is not None)

    def show_detail(self, row: HardshipRow | None) -> None:
        self.detail.show_file(row, self.today)

    def new_dialog(self) -> HardshipDialog:
        return HardshipDialog(self.db, parent=self, today=self.today)

    def edit_dialog(self, row: HardshipRow) -> HardshipDialog:
        return HardshipDialog(self.db, row.id, parent=self, today=self.today)

    def add(self) -> FormDialog | None:
        return self.open_dialog(self.new_dialog(), tr("已建档"))

    def saved_text(self, dialog: FormDialog, verb: str) -> str:
        if isinstance(dialog, ReviewDialog):
            return tr("已登记{0}的{1}。").format(dialog.row.member_name, dialog.kind.currentData())
        if isinstance(dialog, CloseFileDialog):
            return tr("已关闭{0}的困难职工档案（{1}）。").format(dialog.row.member_name, dialog.reason.currentData())
        member = dialog.member.member_row()  # type: ignore[attr-defined]
        return tr("{0}{1}的困难职工档案。").format(verb, member.name if member else "")

    def changed_without_save(self, dialog: FormDialog) -> bool:
        # Reviews and attachments are saved the moment they are added, even if the form is cancelled.
        return bool(getattr(dialog, "reviews_changed", False) or getattr(dialog, "attachments_changed", False))

    def delete_question(self, row: HardshipRow) -> str:
        count = len(self.detail.attachments.infos())
        extra = tr("它的 {0} 个附件将一并删除。\n").format(count) if count else ""
        return tr("确定删除{0}的困难职工档案（{1} 建档）吗？\n{2}已解困脱困的档案请用“关闭档案”，不要删除。").format(
            row.member_name, row.data.opened_on.isoformat(), extra)  # fmt: skip

    def deleted_text(self, row: HardshipRow) -> str:
        return tr("已删除{0}的困难职工档案。").format(row.member_name)

    # --- the register's own: the year-end filter, reviews, closing, the application form ----------

    def set_year(self, year: int) -> None:
        self._year = year
        self.status_combo.setItemText(self.status_combo.findData("year_end"), tr("{0}年末在档").format(year))
        if self.status_combo.currentData() == "year_end":
            if self.isVisible():
                self.apply_filter()
            else:
                self._changes_pending = True

    def review_file(self) -> FormDialog | None:
        row = self.selected_row()
        if row is None or row.data.closed_on is not None:
            return None
        return self.open_dialog(ReviewDialog(self.db, row, self, today=self.today), "")

    def close_file(self) -> FormDialog | None:
        row = self.selected_row()
        if row is None or row.data.closed_on is not None:
            return None
        return self.open_dialog(CloseFileDialog(self.db, row, self, today=self.today), "")

    def fill_form(self, target: Path | None = None, *, show_id: bool = False) -> BackgroundTask | None:
        """Fill the 建档申请表 from the selected file into a .docx chosen by the chair."""
        row = self.selected_row()
        if row is None:
            return None
        target = target or register_io.ask_save_path(
            self, tr("保存困难职工建档申请表"), f"困难职工建档申请表-{row.member_name}.docx", tr("Word 文档 (*.docx)"), ".docx"
        )
        if target is None:
            return None
        factory, file_id, today = self.db.session_factory, row.id, self.today
        return register_io.export_in_background(
            self,
            tr("正在填写建档申请表……"),
            lambda: fill_hardship_form(factory, file_id, target, show_id=show_id, today=today),
            tr("已填写{0}的建档申请表：{{path}}").format(row.member_name),
            tr("没有完成"),
        )
