"""区总: the district's year at a glance — import the unions' packages, the district figures with
上年 and 同比, every union's main figures and who has not reported, and the two documents. 期间
switches between the calendar year (the 年度工作总结's) and the 统计年度 ending in its September
(the 统计年报's), where a union whose package predates that period shows 不含统计年度.

The year's figures come from services/district/consolidation.py (200 unions: well under a second,
read on the GUI thread); importing and generating run in the background with progress.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionbook.services.database import Database
from unionbook.services.district.book import import_packages
from unionbook.services.district.consolidation import DistrictYear, consolidate, unit_of
from unionbook.services.district.package_format import SUFFIX
from unionbook.services.district.summary import render_district
from unionbook.services.district.unions import UnionEntry, book_years
from unionbook.services.figures import format_value
from unionbook.ui import ui_settings
from unionbook.ui.errors import show_error
from unionbook.ui.register_io import ask_save_path, file_links
from unionbook.ui.tasks import run_in_background

IMPORT_FOLDER = "district/import_folder"
#: The per-union table: heading → the figure of the package (None: from the union list).
UNION_COLUMNS = (("统计代码", None), ("工会名称", None), ("类型", None), ("覆盖单位", None), ("建会日期", None),
                 ("职工总数", "职工总数"), ("会员总数", "会员总数"), ("新入会", "新入会人数"), ("入会率", "入会率"),
                 ("帮扶金额（元）", "帮扶慰问总金额"), ("活动场次", "活动总场次"), ("报送", None))  # fmt: skip


def _item(text: object, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _number(value: object) -> str:
    """A package's value as the table shows it: 32,000.00 for money, 90.7 for a rate, 1,234."""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and value.replace(".", "", 1).isdigit() and len(value.split(".")[-1]) == 2:
        return f"{Decimal(value):,}"
    return str(value)


def _table(name: str, headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headings)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class DistrictPage(QWidget):
    title = "区总"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.year = date.today().year - 1
        self.result: DistrictYear | None = None
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("导入数据包…")
        self.import_button.setToolTip("导入基层工会报送的数据包（.ubpkg，可多选）；同一工会同一年度再次导入时替换原有数据")
        self.summary_button = QPushButton("生成区总年度工作总结…")
        self.report_button = QPushButton("生成统计年报汇总…")
        self.add_button = QPushButton("添加工会…")
        self.add_button.setToolTip("登记尚未报送的工会，它会列在“未报送”中")
        self.edit_button = QPushButton("修改工会…")
        self.edit_button.setToolTip("修改“各工会明细”中选中的工会，如登记撤销日期（也可双击）")
        for button in (self.import_button, self.add_button, self.edit_button, self.summary_button, self.report_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.period_combo = QComboBox()
        self.period_combo.addItem("日历年度", False)
        self.period_combo.addItem("统计年度（上年10月至本年9月）", True)
        self.period_combo.setToolTip("统计年报汇总按统计年度（上年10月1日至本年9月30日），年度工作总结按日历年度")
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        buttons.addWidget(QLabel("期间："))
        buttons.addWidget(self.period_combo)
        layout.addLayout(buttons)
        self.headline = QLabel()
        self.headline.setObjectName("districtHeadline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.message = QLabel()
        self.message.setOpenExternalLinks(True)
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.figures_table = _table("districtFigures", ["指标", "本年", "上年", "同比"])
        self.unions_table = _table("districtUnions", [h for h, _ in UNION_COLUMNS])
        self.missing_table = _table("districtMissing", ["统计代码", "工会名称", "建会日期", "基层工会类型"])
        self.tabs.addTab(self.figures_table, "汇总数字")
        self.tabs.addTab(self.unions_table, "各工会明细")
        self.tabs.addTab(self.missing_table, "未报送")
        layout.addWidget(self.tabs, 1)
        self.import_button.clicked.connect(self.ask_import)
        self.add_button.clicked.connect(lambda: self.edit_union(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.unions_table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.summary_button.clicked.connect(lambda: self.ask_render("区总年度工作总结", "Word 文档 (*.docx)", ".docx"))
        self.report_button.clicked.connect(lambda: self.ask_render("区总统计年报", "Excel 表格 (*.xlsx)", ".xlsx"))

    def latest_year(self) -> int | None:
        years = book_years(self.db.session_factory)
        return years[0] if years else None

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        self.result = consolidate(self.db.session_factory, self.year, statistical=bool(self.period_combo.currentData()))
        self._fill(self.result)

    def _fill(self, result: DistrictYear) -> None:
        v, p = result.values, result.period
        period = (f"{result.year} 统计年度（{p.start.year}年{p.start.month}月{p.start.day}日至{p.end.year}年{p.end.month}月{p.end.day}日）"
                  if result.statistical else f"{result.year} 年度")  # fmt: skip
        lacking = f"，{len(result.lacking)} 家的数据包不含统计年度（未计入）" if result.lacking else ""
        self.headline.setText(
            f"{period}：已报送 {v['报送工会数']} 家，未报送 {v['未报送工会数']} 家{lacking}；工会组织 {v['工会组织数']} 个，"
            f"覆盖单位 {v['覆盖单位数']} 家，会员 {v['去重会员总数']:,} 人（同一人只计一次），新建工会组织 {v['新建工会组织数']} 个"
        )
        self.figures_table.setRowCount(len(v))
        context = result.context()
        for row, (name, value) in enumerate(v.items()):
            unit = unit_of(name)
            before = result.previous.get(name)
            cells = [name, format_value(value, unit), "" if before is None else format_value(before, unit),  # type: ignore[arg-type]
                     context.get(name + "同比百分点") or context.get(name + "同比", "")]  # fmt: skip
            for col, text in enumerate(cells):
                self.figures_table.setItem(row, col, _item(text, right=col in (1, 2)))
        missing = {u.id for u in result.not_reported}
        lines = [line for line in result.lines if line.figures is not None or line.union.id in missing or line.lacks_period]
        self.unions_table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            u, f = line.union, line.figures
            own = [u.stat_code, u.name, u.union_type.removesuffix("基层工会"), u.covered_units,
                   u.founded_on.isoformat() if u.founded_on else ""]  # fmt: skip
            for col, (_heading, figure) in enumerate(UNION_COLUMNS):
                if col < len(own):
                    text, right = own[col], col == 3
                elif figure is None:
                    text, right = ("已报送" if f is not None else "不含统计年度" if line.lacks_period else "未报送"), False
                else:
                    text, right = ("" if f is None else _number(f.get(figure, ""))), True
                cell = _item(text, right)
                cell.setData(Qt.ItemDataRole.UserRole, u.id)
                self.unions_table.setItem(row, col, cell)
        self.missing_table.setRowCount(len(result.not_reported))
        for row, u in enumerate(result.not_reported):
            for col, text in enumerate([u.stat_code, u.name, u.founded_on.isoformat() if u.founded_on else "", u.union_type]):
                self.missing_table.setItem(row, col, _item(text))
        self.tabs.setTabText(2, f"未报送（{len(result.not_reported)}）")

    # --- actions ----------------------------------------------------------------------------

    def selected_union(self) -> UnionEntry | None:
        row = self.unions_table.currentRow()
        if row < 0 or self.result is None:
            return None
        union_id = self.unions_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        return next((line.union for line in self.result.lines if line.union.id == union_id), None)

    def edit_selected(self) -> None:
        union = self.selected_union()
        if union is None:
            self.tabs.setCurrentWidget(self.unions_table)
            self.message.setText("请先在“各工会明细”中选中要修改的工会")
            return
        self.edit_union(union)

    def edit_union(self, union: UnionEntry | None) -> None:
        """Add a union (None) or change one, then read the year again."""
        from unionbook.ui.pages.district.union_dialog import UnionDialog

        dialog = UnionDialog(self.db, union=union, parent=self)
        if dialog.exec():
            self.message.setText(f"已{'添加' if union is None else '修改'} {dialog.union_input().name.strip()}")
            self.refresh()

    def ask_import(self) -> None:
        folder = str(ui_settings.settings().value(IMPORT_FOLDER, str(Path.home())))
        names, _ = QFileDialog.getOpenFileNames(self, "选择基层工会的数据包", folder, f"数据包 (*{SUFFIX})")
        if names:
            ui_settings.settings().setValue(IMPORT_FOLDER, str(Path(names[0]).parent))
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        def work(progress, _cancelled):
            return import_packages(self.db.session_factory, paths, progress)

        def done(imported: list) -> None:
            replaced = sum(1 for d in imported if d.replaced)
            self.message.setText(f"已导入 {len(imported)} 个数据包" + (f"（其中 {replaced} 个替换了原有数据）" if replaced else ""))
            years = sorted({d.year for d in imported})
            if years and self.year not in years:
                window = self.window()
                if hasattr(window, "set_year"):
                    window.set_year(years[-1])
                    return
            self.refresh()

        run_in_background(self, "正在导入数据包……", work, cancellable=False).success(done).failure(
            lambda exc: show_error(self, exc, "数据包未导入")).start()  # fmt: skip

    def ask_render(self, template: str, file_filter: str, suffix: str) -> None:
        target = ask_save_path(self, f"保存{template}", f"{self.year}年{template}{suffix}", file_filter, suffix)
        if target is not None:
            self.render_to(template, target)

    def render_to(self, template: str, target: Path) -> None:
        year = self.year

        def work(_progress, _cancelled):
            return render_district(self.db.session_factory, template, year, target)

        run_in_background(self, f"正在生成{template}……", work, cancellable=False).success(
            lambda written: self.message.setText(f"已生成 {Path(written).name}　{file_links(Path(written))}")
        ).failure(lambda exc: show_error(self, exc, "文档未生成")).start()  # fmt: skip
