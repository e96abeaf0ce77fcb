"""Add or change a union in the district's list: the facts the 工会组织 figures count (建会日期,
撤销日期, 基层工会类型, 覆盖单位数) and its codes. A union that reports takes its own facts from its
package (services/district/book.py); 撤销日期 is only ever the district's."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from unionbook.domain.organisation import INDUSTRIES, UNION_TYPES, UNIT_CATEGORIES
from unionbook.services.database import Database
from unionbook.services.district.unions import UnionEntry, UnionInput, list_unions, save_union, union_input
from unionbook.ui.dialogs.form_dialog import FormDialog, Saved
from unionbook.ui.dialogs.record_form import choice_combo, count_edit, count_of, form_layout, line_edit, select
from unionbook.ui.widgets.optional_date import OptionalDateEdit


class UnionDialog(FormDialog):
    """`UnionDialog(db)` adds a union, `UnionDialog(db, union=entry)` changes one."""

    def __init__(self, db: Database, *, union: UnionEntry | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        if union is not None:  # the version first, then the union as stored now (the list may be older)
            self.track("district_unions", union.id, self._reload_union)
            union = self._stored(union) or union
        self.union = union
        self.setWindowTitle("添加工会" if union is None else f"修改工会：{union.name}")
        form = form_layout()
        self.name_edit = line_edit(200, "例如：东湖机械厂工会")
        self.stat_code = line_edit(40, "区总工会给的编号")
        self.credit_code = line_edit(18, "18位，可不填")
        self.union_type = choice_combo(list(UNION_TYPES))
        self.covered = count_edit(100_000, "1")
        self.covered.setToolTip("联合基层工会覆盖的单位家数；独立基层工会为 1")
        self.category = choice_combo(list(UNIT_CATEGORIES), blank="未填写")
        self.industry = choice_combo(list(INDUSTRIES), blank="未填写")
        self.founded = OptionalDateEdit(default=self._today)
        self.dissolved = OptionalDateEdit(default=self._today)
        self.dissolved.setToolTip("单位注销、工会撤销的日期；撤销后不再计入年末工会组织数")
        form.addRow("工会名称 *", self.field(self.name_edit, "工会名称"))
        form.addRow("统计代码", self.stat_code)
        form.addRow("统一社会信用代码", self.credit_code)
        form.addRow("基层工会类型", self.field(self.union_type, "统计信息"))
        form.addRow("覆盖单位数", self.covered)
        form.addRow("单位性质类别", self.category)
        form.addRow("单位所属行业", self.industry)
        form.addRow("建会日期", self.founded)
        form.addRow("撤销日期", self.field(self.dissolved, "撤销日期"))
        self.body.addLayout(form)
        self.finish()
        if union is not None:
            self._load(union_input(union))
        self.name_edit.setFocus()

    def _load(self, data: UnionInput) -> None:
        self.name_edit.setText(data.name)
        self.stat_code.setText(data.stat_code)
        self.credit_code.setText(data.credit_code)
        select(self.union_type, data.union_type)
        self.covered.setText(str(data.covered_units))
        select(self.category, data.unit_category or None)
        select(self.industry, data.industry or None)
        self.founded.set_value(data.founded_on)
        self.dissolved.set_value(data.dissolved_on)

    def _stored(self, union: UnionEntry) -> UnionEntry | None:
        return next((u for u in list_unions(self._factory) if u.id == union.id), None)

    def _reload_union(self) -> None:
        """The union as stored now (someone else saved it since the form opened)."""
        self.union = self._stored(self.union) or self.union  # type: ignore[arg-type]
        self._load(union_input(self.union))

    def union_input(self) -> UnionInput:
        return UnionInput(
            name=self.name_edit.text(), stat_code=self.stat_code.text(), credit_code=self.credit_code.text(),
            union_type=str(self.union_type.currentData()), covered_units=1 if count_of(self.covered) is None else count_of(self.covered),
            unit_category=self.category.currentData() or "", industry=self.industry.currentData() or "",
            founded_on=self.founded.value(), dissolved_on=self.dissolved.value(),
        )  # fmt: skip

    def save(self) -> Saved:
        return Saved(save_union(self._factory, self.union_input(), self.union.id if self.union else None))
