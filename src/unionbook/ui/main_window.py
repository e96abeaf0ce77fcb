"""The main window: left navigation, a year selector every page follows, and a status bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from unionbook import __version__
from unionbook.services.database import Database
from unionbook.services.overview import register_counts
from unionbook.services.union import get_profile
from unionbook.ui import ui_settings
from unionbook.ui.pages.base import Page
from unionbook.ui.pages.members import MembersPage
from unionbook.ui.pages.overview import OverviewPage
from unionbook.ui.pages.planned import PlannedPage
from unionbook.ui.pages.settings import SettingsPage

FIRST_YEAR = 2000
IMPORTABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def _planned_pages(db: Database) -> list[Page]:
    """Registers whose pages later work builds (DESIGN.md, UI map)."""

    def counts():  # noqa: ANN202
        return register_counts(db.session_factory)

    return [
        PlannedPage(
            "集体合同",
            "综合集体合同和各类专项集体合同的台账。",
            [
                "合同状态（有效、即将到期、已到期、已续签、已终止）一目了然，即将到期的排在最前并提醒",
                "一键续签：以原合同为底稿新建续签合同",
                "职代会审议、报送人社部门审查备案、向职工公布的法定程序核对",
                "从 Excel 导入、导出台账",
            ],
            lambda: f"数据库中已有 {counts().contracts:,} 份集体合同。",
        ),
        PlannedPage(
            "帮扶",
            "困难职工档案（建档立卡到解困脱困）和每一笔帮扶慰问发放。",
            [
                "困难职工档案：困难类别、致困原因、家庭成员、年度复核提醒",
                "送温暖、金秋助学、医疗救助等各项目发放登记，批量发放与整批撤销",
                "发放签收表（含大写金额），每位职工的帮扶历史",
            ],
            lambda: f"数据库中已有 {counts().hardship_files:,} 户困难职工档案、{counts().payments:,} 笔发放记录。",
        ),
        PlannedPage(
            "活动",
            "工会活动与会议台账（文体活动、技能竞赛、安康杯、培训、职代会、委员会议等）。",
            [
                "活动登记：类别、时间、地点、参与人次、经费、成果，照片和文件作为附件",
                "职代会和委员会议记录应到/实到人数、是否达到法定人数、提案及办结情况",
                "按类别、年度筛选和按月分组，年度分类合计",
            ],
            lambda: f"数据库中已有 {counts().activities:,} 场活动和会议。",
        ),
        PlannedPage(
            "文档",
            "用台账数据自动填写年度工作总结、统计年报、签收表和各类台账。",
            [
                "选择模板和统计期间，预览将用到的各项数字，一键生成 Word/Excel 文档",
                "内置年度工作总结、上半年工作总结、工会统计年报和四本台账模板",
                "添加自己的模板，变量目录可一键复制",
            ],
            lambda: "模板和统计功能正在开发中。",
        ),
    ]


class MainWindow(QMainWindow):
    year_changed = Signal(int)

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(f"工会台账 UnionBook {__version__}")
        self.setAcceptDrops(True)
        self.resize(1200, 760)

        toolbar = QToolBar("年度")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        self.union_label = QLabel()
        self.union_label.setObjectName("unionName")
        toolbar.addWidget(self.union_label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel("统计年度："))
        self.year_combo = QComboBox()
        this_year = date.today().year
        for year in range(this_year + 1, FIRST_YEAR - 1, -1):
            self.year_combo.addItem(f"{year} 年", year)
        toolbar.addWidget(self.year_combo)
        self.addToolBar(toolbar)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.overview = OverviewPage(db)
        self.members_page = MembersPage(db)
        self.settings_page = SettingsPage(db)
        self.pages: list[Page] = [self.overview, self.members_page, *_planned_pages(db), self.settings_page]
        for page in self.pages:
            self.nav.addItem(page.title)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.overview.data_changed.connect(self.refresh_all)
        self.settings_page.data_changed.connect(self.refresh_all)
        self.members_page.data_changed.connect(lambda: self._refresh_others(self.members_page))

        self.path_label = QLabel(f"数据库：{db.path}")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.path_label)
        if db.warning:
            self.statusBar().showMessage(db.warning)
        elif db.migration.backup is not None:
            self.statusBar().showMessage(f"数据库已升级到新版本，升级前的备份：{db.migration.backup}", 15000)

        self.year_combo.currentIndexChanged.connect(self._year_selected)
        self._restore_state(this_year)
        self.refresh_all()

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def page_titles(self) -> list[str]:
        return [page.title for page in self.pages]

    def show_page(self, title: str) -> Page:
        index = self.page_titles().index(title)
        self.nav.setCurrentRow(index)
        return self.pages[index]

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index >= 0:
            self.year_combo.setCurrentIndex(index)

    def _year_selected(self, _index: int) -> None:
        for page in self.pages:
            page.set_year(self.year)
        self.year_changed.emit(self.year)

    def refresh_all(self) -> None:
        self.union_label.setText(get_profile(self.db.session_factory).display_name)
        for page in self.pages:
            page.set_year(self.year)
            page.refresh()

    def _refresh_others(self, source: Page) -> None:
        """A page changed records and already shows them: bring the other pages up to date."""
        for page in self.pages:
            if page is not source:
                page.refresh()

    def _restore_state(self, default_year: int) -> None:
        store = ui_settings.settings()
        geometry = store.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.set_year(ui_settings.get_int("main/year", default_year))
        self.nav.setCurrentRow(min(ui_settings.get_int("main/page", 0), len(self.pages) - 1))

    # Dragging a roster onto the window starts the import wizard on it.

    @staticmethod
    def _dropped_table(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        tables = [p for p in paths if p.suffix.lower() in IMPORTABLE_SUFFIXES]
        return tables[0] if len(tables) == 1 else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_table(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = self._dropped_table(event)
        if path is None:
            return
        event.acceptProposedAction()
        self.show_page(self.members_page.title)
        self.members_page.open_import(path)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        store = ui_settings.settings()
        store.setValue("main/geometry", self.saveGeometry())
        store.setValue("main/year", self.year)
        store.setValue("main/page", self.nav.currentRow())
        super().closeEvent(event)
