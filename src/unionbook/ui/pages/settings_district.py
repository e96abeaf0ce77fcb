"""设置 → 统计信息与报送区总工会: the facts the district counts this union by (统计代码, 单位性质类别,
单位所属行业, 基层工会类型, 覆盖单位数 — `unionbook facts`), with the code lists as combos, and the
button that writes the year's data package for the district (PackageDialog, below).

They sit in 设置 under the union's profile because they are set once, when the district hands
out its codes, and the package is sent once a year: a chair looks for both beside the union's
name and 成立日期 (建会日期 is the profile's, one place for each fact).

报送区总工会… (PackageDialog): the year's data package, as `unionbook package` writes it, from the window.

The chair picks the year, whether to send the roster (none, ID numbers masked, or in full when the
district asked for it in writing) and where to save; the package is written off the GUI thread
with a progress bar (the figures of two periods and the people behind them take a few seconds at
10,000 members). ID numbers in full are the one choice that needs a second look, so it is the last
option and says so; the default sends none — the district still counts people once, by key.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.organisation import INDEPENDENT, INDUSTRIES, UNION_TYPES, UNIT_CATEGORIES, OrgFacts
from unionbook.services.database import Database
from unionbook.services.district.package_export import Exported, export_package
from unionbook.services.district.package_format import SUFFIX
from unionbook.services.union import get_profile
from unionbook.services.union_facts import get_facts, save_facts
from unionbook.ui import ui_settings
from unionbook.ui.dialogs.record_form import choice_combo, count_edit, count_of, form_layout, line_edit, select
from unionbook.ui.errors import show_error
from unionbook.ui.register_io import file_links
from unionbook.ui.tasks import run_in_background


class DistrictReportingBox(QGroupBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("统计信息与报送区总工会", parent)
        self.db = db
        layout = QVBoxLayout(self)
        hint = QLabel("统计代码由区总工会分配；这些信息随年度数据包报送，区总工会据此统计工会组织数、覆盖单位数。"
                      "建会日期即上方的“工会成立日期”。")  # fmt: skip
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = form_layout()
        self.stat_code = line_edit(40, "区总工会给的编号")
        self.category = choice_combo(list(UNIT_CATEGORIES), blank="未填写")
        self.industry = choice_combo(list(INDUSTRIES), blank="未填写")
        self.union_type = choice_combo(list(UNION_TYPES))
        self.covered = count_edit(100_000, "1")
        self.covered.setToolTip("联合基层工会覆盖的单位家数；独立基层工会为 1")
        self.union_type.currentIndexChanged.connect(self._type_changed)
        form.addRow("统计代码", self.stat_code)
        form.addRow("单位性质类别", self.category)
        form.addRow("单位所属行业", self.industry)
        form.addRow("基层工会类型", self.union_type)
        form.addRow("覆盖单位数", self.covered)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.message = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        row.addWidget(self.message)
        save = QPushButton("保存统计信息")
        save.clicked.connect(self.save)
        package = QPushButton("报送区总工会…")
        package.setToolTip("导出某年度的数据包（.ubpkg），交给区总工会汇总")
        package.clicked.connect(self.show_package_dialog)
        row.addWidget(save)
        row.addWidget(package)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        facts = get_facts(self.db.session_factory)
        self.stat_code.setText(facts.stat_code)
        select(self.category, facts.unit_category or None)
        select(self.industry, facts.industry or None)
        select(self.union_type, facts.union_type)
        self.covered.setText(str(facts.covered_units))
        self._type_changed()
        self.error.clear()

    def _type_changed(self) -> None:
        """An 独立基层工会 covers its own unit: the count is 1 and not asked."""
        independent = self.union_type.currentData() == INDEPENDENT
        if independent:
            self.covered.setText("1")
        self.covered.setEnabled(not independent)

    def facts_from_form(self) -> OrgFacts:
        return OrgFacts(stat_code=self.stat_code.text(), unit_category=self.category.currentData() or "",
                        industry=self.industry.currentData() or "", union_type=str(self.union_type.currentData()),
                        covered_units=1 if count_of(self.covered) is None else count_of(self.covered))  # fmt: skip

    def save(self) -> None:
        self.message.clear()
        try:
            save_facts(self.db.session_factory, self.facts_from_form())
        except UnionbookError as exc:
            self.error.setText(exc.message())  # inline, the form stays as typed
            return
        self.error.clear()
        self.message.setText("统计信息已保存")

    def show_package_dialog(self) -> None:
        window = self.window()
        year = getattr(window, "year", None)
        PackageDialog(self.db, self, year=year if isinstance(year, int) else None).exec()


#: Where the last package went.
PACKAGE_FOLDER = "package/folder"
NO_ROSTER, MASKED, FULL = range(3)
_ROSTER_CHOICES = (
    (NO_ROSTER, "不附花名册（只报统计数字；区总工会仍能把在两家工会的人只计一次）"),
    (MASKED, "附花名册，证件号码遮盖（区总工会要名单核对时）"),
    (FULL, "附花名册，完整证件号码（仅在区总工会书面要求时选择）"),
)


class PackageDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, year: int | None = None,
                 today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.db = db
        self.exported: Exported | None = None
        today = today or date.today()
        self.setWindowTitle("报送区总工会")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "把本工会一个年度的工会信息、统计信息和全部统计数字（日历年度和统计年度：上年10月1日至本年9月30日，"
            "均含上年）导出为一个数据包（.ubpkg），交给区总工会汇总。数据包带校验值，内容被改动或损坏时区总工会无法导入。"
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)

        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, today.year + 1)
        self.year.setValue(year or (today.year if today.month >= 10 else today.year - 1))
        self.year.setSuffix(" 年度")
        self.year.setMaximumWidth(140)
        self.year.valueChanged.connect(self._year_changed)
        form.addRow("年度", self.year)
        self.roster = QButtonGroup(self)
        roster_box = QVBoxLayout()
        for key, text in _ROSTER_CHOICES:
            button = QRadioButton(text)
            self.roster.addButton(button, key)
            roster_box.addWidget(button)
        self.roster.button(NO_ROSTER).setChecked(True)
        form.addRow("花名册", roster_box)
        self.output = QLineEdit()
        browse = QPushButton("另存为…")
        browse.clicked.connect(self._pick_output)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)
        form.addRow("保存到", out_row)
        layout.addLayout(form)
        self._year_changed()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setOpenExternalLinks(True)
        layout.addWidget(self.message)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("导出数据包")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def default_name(self) -> str:
        profile = get_profile(self.db.session_factory)
        name = (profile.union_name or profile.unit_name or "本工会").strip()
        return f"{self.year.value()}年度数据包-{name}{SUFFIX}"

    def _year_changed(self) -> None:
        folder = Path(str(ui_settings.settings().value(PACKAGE_FOLDER, str(Path.home()))))
        current = Path(self.output.text()) if self.output.text().strip() else None
        self.output.setText(str((current.parent if current else folder) / self.default_name()))

    def _pick_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "数据包保存到", self.output.text(), f"数据包 (*{SUFFIX})")
        if path:
            self.output.setText(path if path.lower().endswith(SUFFIX) else path + SUFFIX)

    def choices(self) -> tuple[int, Path, bool, bool]:
        """(year, target, with_registers, show_id) as chosen."""
        roster = self.roster.checkedId()
        return self.year.value(), Path(self.output.text().strip()), roster != NO_ROSTER, roster == FULL

    def export(self) -> None:
        """Write the package in the background; the dialog stays open with the result or the reason."""
        year, target, with_registers, show_id = self.choices()
        if not target.name or target.name == SUFFIX:
            self.error.setText("请选择数据包的保存位置")
            return
        self.error.clear()
        self.message.clear()
        factory = self.db.session_factory

        def work(progress, _cancelled):
            return export_package(factory, year, target, with_registers=with_registers, show_id=show_id,
                                  progress=progress)  # fmt: skip

        self.export_button.setEnabled(False)
        task = run_in_background(self, f"正在导出{year}年度数据包……", work, cancellable=False)
        task.failure(self._failed).success(self._done).start()

    def _failed(self, exc: BaseException) -> None:
        """A refusal or a disk's failure is said under the form; anything else also as an error box."""
        from unionbook.services.failures import environment_error

        self.export_button.setEnabled(True)
        known = exc if isinstance(exc, UnionbookError) else environment_error(exc, database=self.db.path,
                                                                                written=self.choices()[1])  # fmt: skip
        if known is None:
            self.error.setText("数据包未导出")
            show_error(self, exc, "数据包未导出")
        else:
            self.error.setText(known.message())

    def _done(self, done: Exported) -> None:
        self.export_button.setEnabled(True)
        self.exported = done
        ui_settings.settings().setValue(PACKAGE_FOLDER, str(done.path.parent))
        roster = "" if done.people is None else f"，附花名册 {done.people} 人（证件号码{'完整' if done.full_ids else '已遮盖'}）"
        self.message.setText(f"已导出 {done.union_name or '本工会'} {done.year} 年度数据包{roster}：{done.path.name}"
                             f"（{done.size / 1024:.0f} KB）　{file_links(done.path)}")  # fmt: skip
