"""总览: the page a chair opens every morning and shows the union committee.

Everything on it is for the year chosen in the window's 统计年度 (the window opens on the latest
year that has records): seven cards of the figures registry with their change on last year, each
opening its register filtered to what it counts; 待办, the lines that need the chair, each opening
its record (services/todo.py); the year's charts (services/charts.py, drawn by ui/charts); and the
register counts of all years, labelled so. It prints on one A4 page (overview_print.py).

Reading it all takes ~0.3 s for the 300-person demo and a few seconds at 100,000 people, so it runs
off the GUI thread (ui/tasks.py), only while the page is on screen: a change on another page or
another year only marks it stale. A result that arrives after the year changed again is dropped.

An empty database shows the first steps instead: the union's details (设置), the roster (导入),
or the demo union.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.registers import ALL_REGISTERS
from unionbook.services.charts import CHARTS
from unionbook.services.database import Database
from unionbook.services.figures import figure_by_name
from unionbook.services.overview import Overview, read_overview
from unionbook.services.todo import Opening, TodoItem
from unionbook.services.union import get_profile
from unionbook.ui.changes import announce
from unionbook.ui.charts.view import ChartPanel
from unionbook.ui.i18n import translator
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.pages.overview_cards import CARDS, CardSpec, card_texts
from unionbook.ui.tasks import BackgroundTask, run_in_background

tr = translator("OverviewPage")

#: The charts' places in the grid: (name, row, column, column span).
CHART_GRID: tuple[tuple[str, int, int, int], ...] = (
    ("会员五年趋势", 0, 0, 1),
    ("会员年龄结构", 0, 1, 1),
    ("会员性别结构", 0, 2, 1),
    ("会员部门分布", 1, 0, 1),
    ("帮扶项目分布", 1, 1, 1),
    ("帮扶月度发放", 1, 2, 1),
    ("活动月度分类", 2, 0, 3),
)


class Card(QFrame):
    """A figure's card; a click opens the register filtered to what it counts."""

    clicked = Signal()

    def __init__(self, spec: CardSpec) -> None:
        super().__init__()
        self.spec = spec
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(1)
        self.caption = QLabel(spec.title)
        self.caption.setObjectName("cardTitle")
        self.when = QLabel()
        self.when.setObjectName("hint")
        self.value = QLabel("—")
        self.value.setObjectName("cardValue")
        self.change = QLabel()
        self.change.setObjectName("hint")
        for label in (self.caption, self.when, self.value, self.change):
            layout.addWidget(label)
        figure = figure_by_name(spec.figure)
        self.setToolTip(f"{figure.description if figure else ''}\n{spec.opens_text}")

    def show_texts(self, when: str, value: str, change: str) -> None:
        self.when.setText(when)
        self.value.setText(value)
        self.change.setText(change)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class TodoList(QFrame):
    """待办: one line a thing to do, a link to its record; lapsed or overdue ones in orange."""

    opened = Signal(object)  # Opening

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self.items: list[TodoItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.title = QLabel(tr("待办"))
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.lines = QVBoxLayout()
        self.lines.setSpacing(3)
        layout.addLayout(self.lines)
        self.labels: list[QLabel] = []

    def show_items(self, items: list[TodoItem]) -> None:
        self.items = items
        for label in self.labels:
            self.lines.removeWidget(label)
            label.deleteLater()
        self.labels = []
        self.title.setText(tr("待办（{0}项）").format(len(items)) if items else tr("待办"))
        if not items:
            done = QLabel(tr("暂无待办事项：合同、困难职工复核、会员信息、活动和备份都没有需要处理的。"))
            done.setObjectName("hint")
            done.setWordWrap(True)
            self.labels.append(done)
            self.lines.addWidget(done)
            return
        for index, item in enumerate(items):
            colour = "#b9770e" if item.urgent else "#2e75b6"
            label = QLabel(
                f'<span style="color:{colour}">●</span>&nbsp;<a href="{index}" style="color:#2b3a4a; '
                f'text-decoration:none">{item.text}</a>'
            )
            label.setWordWrap(True)
            label.setToolTip(tr("单击打开"))
            label.setCursor(Qt.CursorShape.PointingHandCursor)
            label.linkActivated.connect(lambda link: self.opened.emit(self.items[int(link)].opens))
            self.labels.append(label)
            self.lines.addWidget(label)


class FirstSteps(QFrame):
    """What an empty database shows: three ways to start, each a button."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        title = QLabel(tr("欢迎使用工会台账。数据库还是空的，可以按下面的顺序开始："))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.buttons: dict[str, QPushButton] = {}
        steps = (
            (
                "profile",
                tr("第一步　填写工会信息"),
                tr("单位名称、工会名称、工会主席、成立日期等，生成的文档和报表会用到。"),
                tr("去填写…"),
            ),
            (
                "roster",
                tr("第二步　导入职工花名册"),
                tr("把现有的花名册（Excel/WPS 表格）导入；也可以把文件直接拖到窗口上。"),
                tr("导入花名册…"),
            ),
            (
                "demo",
                tr("先看看　载入演示工会"),
                tr("载入一个虚构的演示工会（300 名职工和几年的记录），熟悉各项功能。"),
                tr("载入演示工会"),
            ),
        )
        for key, caption, text, button_text in steps:
            row = QHBoxLayout()
            words = QVBoxLayout()
            head = QLabel(caption)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            body = QLabel(text)
            body.setObjectName("hint")
            body.setWordWrap(True)
            words.addWidget(head)
            words.addWidget(body)
            row.addLayout(words, 1)
            button = QPushButton(button_text)
            button.setMinimumWidth(130)
            row.addWidget(button)
            self.buttons[key] = button
            layout.addLayout(row)
            layout.addSpacing(6)


class OverviewPage(Page):
    title = "总览"
    #: Its cards, lists and charts read every register.
    watches = ALL_REGISTERS
    #: A card or a 待办 line asks the window to open a register there.
    open_requested = Signal(object)  # Opening
    #: The first steps' 导入花名册.
    import_requested = Signal()
    #: The year's overview is on screen (tests wait for it).
    loaded = Signal()

    def __init__(self, db: Database, *, today: date | None = None) -> None:
        super().__init__()
        self.db = db
        self.fixed_today = today
        self.year = 0
        self.overview: Overview | None = None
        self.task: BackgroundTask | None = None
        self._generation = 0
        self._stale = True

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 14, 24, 16)
        layout.setSpacing(10)

        top = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(0)
        self.name_label = heading("")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("hint")
        names.addWidget(self.name_label)
        names.addWidget(self.subtitle)
        top.addLayout(names, 1)
        self.print_button = QPushButton(tr("打印预览…"))
        self.print_button.setToolTip(tr("把总览打印在一页 A4 纸上（可在预览中选择打印机或另存为 PDF）"))
        self.print_button.clicked.connect(lambda: self.print_preview())
        top.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.first_steps = FirstSteps()
        self.first_steps.buttons["profile"].clicked.connect(lambda: self.open_requested.emit(Opening(None)))
        self.first_steps.buttons["roster"].clicked.connect(self.import_requested.emit)
        self.demo_button = self.first_steps.buttons["demo"]
        self.demo_button.clicked.connect(self.load_demo)
        layout.addWidget(self.first_steps)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        cards = QHBoxLayout()
        cards.setSpacing(8)
        self.cards: dict[str, Card] = {}
        for spec in CARDS:
            card = Card(spec)
            card.clicked.connect(lambda s=spec: self.open_requested.emit(s.opens(self.year)))
            self.cards[spec.figure] = card
            cards.addWidget(card)
        body.addLayout(cards)
        self.todo = TodoList()
        self.todo.opened.connect(self.open_requested.emit)
        body.addWidget(self.todo)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.charts: dict[str, ChartPanel] = {}
        for name, row, column, span in CHART_GRID:
            panel = ChartPanel(name)
            # Horizontal bars need a line per category: the department and program charts are taller.
            panel.setMinimumHeight(400 if row == 1 else 340)
            self.charts[name] = panel
            grid.addWidget(panel, row, column, 1, span)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        body.addLayout(grid)
        self.all_years = QLabel()
        self.all_years.setObjectName("hint")
        self.all_years.setWordWrap(True)
        body.addWidget(self.all_years)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.busy_label = QLabel(tr("正在统计……"))
        self.busy_label.setObjectName("hint")
        layout.addWidget(self.busy_label)
        self.body.hide()
        self.first_steps.hide()
        assert set(self.charts) == set(CHARTS)

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    # --- when to read -------------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        if year == self.year:
            return  # the window calls refresh() right after; no second reading
        self.year = year
        self._reload_when_seen()

    def refresh(self) -> None:
        self._reload_when_seen()

    def _reload_when_seen(self) -> None:
        self._stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def load(self) -> None:
        """Read the year's overview in the background; the newest request wins."""
        if not self.year:
            return
        self._stale = False
        self._generation += 1
        generation, year = self._generation, self.year
        factory, path, today = self.db.session_factory, self.db.path, self.today
        self.busy_label.setText(tr("正在统计{0}年的数据……").format(year))
        self.busy_label.show()
        task = run_in_background(
            self,
            tr("正在统计……"),
            lambda _progress, _cancelled: read_overview(factory, year, today=today, db_path=path),
            cancellable=False,
            quiet=True,
        )
        task.success(lambda overview: self._arrived(generation, overview))
        task.failure(lambda exc: self._failed(generation, exc))
        self.task = task
        task.start()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy_label.setText(tr("统计没有完成：{0}").format(exc))

    def _arrived(self, generation: int, overview: Overview) -> None:
        if generation != self._generation:
            return  # the year changed meanwhile: a newer reading is on its way
        self.overview = overview
        self.show_overview(overview)
        self.loaded.emit()

    # --- what it shows ------------------------------------------------------------------------------

    def show_overview(self, overview: Overview) -> None:
        profile = get_profile(self.db.session_factory)
        year = overview.period.end.year
        self.busy_label.hide()
        self.name_label.setText(profile.display_name)
        empty = overview.counts.empty
        self.first_steps.setVisible(empty)
        self.body.setVisible(not empty)
        self.print_button.setEnabled(not empty)
        if empty:
            self.subtitle.setText(tr("还没有任何记录"))
            return
        self.subtitle.setText(
            tr("统计期间：{0}年1月1日至12月31日　与{1}年比较　（右上角“统计年度”可切换年份）").format(year, year - 1)
        )
        for spec in CARDS:
            self.cards[spec.figure].show_texts(*card_texts(spec, overview.figures, year))
        self.todo.show_items(overview.todo)
        for name, panel in self.charts.items():
            panel.show_data(overview.charts[name])
        c = overview.counts
        self.all_years.setText(
            tr("全部年度累计（不分年度）：职工名册 {0:,} 人，集体合同 {1:,} 份，困难职工档案 {2:,} 户，"
               "帮扶慰问发放 {3:,} 笔，活动与会议 {4:,} 场。").format(
                c.members, c.contracts, c.hardship_files, c.payments, c.activities)
        )  # fmt: skip

    def print_preview(self) -> object | None:
        """The overview on one A4 page, in Qt's print preview."""
        if self.overview is None:
            return None
        from unionbook.ui.pages.overview_print import open_preview

        profile = get_profile(self.db.session_factory)
        return open_preview(self, profile.display_name, self.overview)

    def load_demo(self) -> None:
        from unionbook.services.demo import generate_demo

        self.demo_button.setEnabled(False)
        task = run_in_background(
            self,
            tr("正在生成演示工会……"),
            lambda progress, cancelled: generate_demo(self.db.session_factory, progress=progress, cancelled=cancelled),
        )
        task.finished.connect(lambda: self.demo_button.setEnabled(True))
        task.success(lambda _summary: announce(ALL_REGISTERS)).start()
