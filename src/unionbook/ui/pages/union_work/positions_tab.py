"""阵地: every service position, those in use first, and the selected one's notes and photos.

Positions last for years, so there is no 年度 filter: the list is the union's whole estate, and a
position closed (停用) stays on it in grey, as history. The panel under the table shows the photos
(added and opened there, as a contract's scans are).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtWidgets import QTableView, QWidget

from unionbook.domain.registers import Register
from unionbook.domain.vocab import PositionKind, labels
from unionbook.services import positions
from unionbook.services.positions import CLOSED, IN_USE, PositionFilter, PositionRow
from unionbook.services.register_export import export_positions
from unionbook.ui.dialogs.position_dialog import PositionDialog
from unionbook.ui.i18n import translator
from unionbook.ui.models.union_work_models import PositionColumn as C
from unionbook.ui.models.union_work_models import PositionTableModel
from unionbook.ui.pages.tabbed import RegisterTab
from unionbook.ui.widgets.detail_panel import DetailPanel
from unionbook.ui.widgets.panes import split_panes

tr = translator("UnionWorkPage")


class PositionsTab(RegisterTab[PositionRow]):
    register = Register.POSITIONS
    model_class = PositionTableModel
    add_tip = "登记一处职工服务阵地：职工之家、职工书屋、爱心妈妈小屋……（Ctrl+N）"
    focus_column = stretch_column = C.NAME
    ledger_title = "职工服务阵地台账"
    has_attachments = True
    deleter, exporter = positions.delete_position, export_positions
    export_done = "已导出 {rows} 处阵地到 {path}"

    def build_filters(self) -> None:
        self.kind_combo = self.add_filter_combo(tr("类型"), [(k, k) for k in labels(PositionKind)])
        self.status_combo = self.add_filter_combo(tr("状态"), [(s, s) for s in (IN_USE, CLOSED)])
        self.search = self.add_search(tr("名称或地点"), 180)

    def build_body(self, table: QTableView) -> QWidget:
        self.panel = DetailPanel("positionDetail", titled=False)
        self.info = self.panel.add_text(1)
        self.attachments = self.panel.add_attachments(
            self.db, "position_id", tr("请先在上面的表格中选中一处阵地。"), list_height=60, stretch=1
        )
        self.attachments.changed.connect(self.announce)
        return split_panes(table, self.panel, (3, 2))

    def current_filter(self) -> PositionFilter:
        return PositionFilter(self.kind_combo.currentData(), self.status_combo.currentData(), self.search.text())

    def load_rows(self) -> list[PositionRow]:
        return positions.list_positions(self.db.session_factory, self.current_filter())

    def counts_text(self, rows: Sequence[PositionRow]) -> str:
        in_use = sum(1 for r in rows if r.status == IN_USE)
        return tr("共 {0} 处：在用 {1} 处，已停用 {2} 处").format(len(rows), in_use, len(rows) - in_use)

    def show_detail(self, row: PositionRow | None) -> None:
        if not self.panel.show_owner(row, tr("（未选中阵地）")):
            return
        d = row.data
        lines = [f"<b>{html.escape(d.name)}</b>　{html.escape(d.kind)}　{html.escape(d.demo_level or '')}",
                 tr("{0} 建成{1}").format(d.opened_on, tr("，{0} 停用").format(d.closed_on) if d.closed_on else ""),
                 html.escape(" ".join(p for p in (d.place, f"{d.area} 平方米" if d.area else "") if p)),
                 html.escape(d.notes)]  # fmt: skip
        self.info.setText("<br>".join(line for line in lines if line))

    def new_dialog(self) -> PositionDialog:
        return PositionDialog(self.db, parent=self, today=self.today)

    def edit_dialog(self, row: PositionRow) -> PositionDialog:
        return PositionDialog(self.db, row=row, parent=self, today=self.today)

    def saved_text(self, dialog: PositionDialog, verb: str) -> str:  # type: ignore[override]
        text = f"{verb}“{dialog.name_edit.text().strip()}”。"
        return text + tr("可以在下方添加照片。") if dialog.row is None else text

    def row_name(self, row: PositionRow) -> str:
        return f"“{row.data.name}”"

    def delete_notes(self, row: PositionRow) -> list[str]:
        photos = len(self.attachments.infos())
        return [tr("它的 {0} 张照片和附件将一并删除。").format(photos)] if photos else []
