"""变量目录: every name a template may use, searchable, one double-click from the clipboard.

A chair writing her own template in Word needs the exact Chinese name (会员总数, not 会员总人数)
and the braces around it; typing them is where templates go wrong, so the dialog copies
`{{会员总数}}` ready to paste. It stays open beside Word (non-modal).

The catalogue comes from `services.documents.variable_catalogue()`, the same list the checks
use, so nothing offered here can be refused later. Each figure F also exists as 上年F and F同比:
listing those would triple a list of 120 figures, so they are explained once at the top, found by
the search, and copied with their own buttons. Lists show their columns as children (`{{r.名称}}`
is what goes in a table row), and the filters come with an example worked out by the filter itself.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from unionbook.services.documents import (
    CHANGE_SUFFIX,
    PREVIOUS_PREFIX,
    filter_help,
    list_columns,
    variable_catalogue,
)
from unionbook.services.figures import FIGURES, REGISTERS
from unionbook.ui.widgets.panes import split_panes

#: What a row copies to the clipboard.
CopyRole = Qt.ItemDataRole.UserRole + 1
#: "figure", "list", "column", "field", "filter" (None for group rows).
KindRole = Qt.ItemDataRole.UserRole + 2
#: Extra text the search also matches (上年F, F同比, a list's columns).
SearchRole = Qt.ItemDataRole.UserRole + 3

GROUP_TITLES: dict[str, str] = {
    "会员": "会员（数字）",
    "集体合同": "集体合同（数字）",
    "帮扶": "帮扶（数字）",
    "活动": "活动（数字）",
    "荣誉": "荣誉（数字）",
    "阵地": "阵地（数字）",
    "维权": "维权（数字）",
    "列表": "列表（表格中逐行列出）",
    "台账": "台账明细（每条记录一行）",
    "基本信息": "单位信息和统计期间",
    "过滤器": "过滤器（写在变量名后面）",
}

HOW_TO_HTML = """
<h3>如何自己做模板</h3>
<ol>
<li>在 Word 或 WPS 中照常写好文档（也可以拿内置模板生成的文档来改）。</li>
<li>要填数字的地方，写变量名并加两层花括号，例如 <b>{{会员总数}}</b>。
在左边找到变量，<b>双击即可复制</b>，再粘贴到文档中。</li>
<li>和上年比较：<b>{{上年会员总数}}</b> 是上年同期的数，<b>{{会员总数同比}}</b>
会写成“增长1.7%”“下降3.0%”或“持平”。</li>
<li><b>只在数字不是 0 时才出现的一句话</b>：在这句话前面写 <b>{% if 变量名 %}</b>，
后面写 <b>{% endif %}</b>。例如在文档中写：
<p style="margin-left:12px; background:#f4f6f8">{% if 金秋助学人数 %}开展金秋助学活动，资助职工子女{{金秋助学人数}}名。{% endif %}</p>
今年资助了 12 名，文档中就是“开展金秋助学活动，资助职工子女12名。”；
一名也没有时，这句话整句不出现，不会写成“资助职工子女0名”。</li>
<li>要去掉的是<b>一整段</b>时，在这一段的上面单独一行写 {%p if 金秋助学人数 %}，
下面单独一行写 {%p endif %}（多一个字母 p，表示连这两行一起去掉，不留空行）。</li>
<li>表格中逐条列出：在 Word 表格里，循环行的第一格写
<b>{%tr for r in 活动列表 %}</b>，下一行写各列 {{r.名称}}、{{r.日期|日期}}……，
再下一行写 <b>{%tr endfor %}</b>。Excel 模板中只需在那一行的第一格以
{%tr for r in 活动明细 %} 开头，不写 endfor。</li>
<li>改变显示方式用过滤器：{{帮扶慰问总金额|万元}}、{{帮扶慰问总人次|约数}}（370余）。</li>
<li>保存为 <b>.docx</b>（Word 文档）或 <b>.xlsx</b>（Excel 表格），回到“文档”页点
<b>添加自己的模板…</b>。程序会检查每个变量名，写错的会提示最接近的正确名称。</li>
</ol>
<p>小提示：中文输入法打出的全角花括号 ｛｛ ｝｝ 也能识别。在文档属性的“关键词”中写
“期间=上半年”或“期间=统计年度”，模板就会默认用这个统计期间。</p>
"""


def _normalised(text: str) -> str:
    """What was typed into the search box, as a bare name: "{{ 上年会员总数 }}" → "上年会员总数"."""
    return text.strip().strip("{}%| ").strip()


class _CatalogueFilter(QSortFilterProxyModel):
    """Matches the name, the description and SearchRole; a group matches through its rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)  # a list that matches keeps its columns

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = _normalised(text).lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        name = model.index(row, 0, parent)
        if name.data(KindRole) is None:
            return False  # a group title alone is no match; recursive filtering keeps it for its rows
        haystack = " ".join(str(model.index(row, column, parent).data() or "") for column in range(model.columnCount()))
        haystack += " " + str(name.data(SearchRole) or "")
        needle = self._needle
        # 上年会员总数 and 会员总数同比 are found under 会员总数.
        if needle.startswith(PREVIOUS_PREFIX) and len(needle) > len(PREVIOUS_PREFIX):
            needle = needle[len(PREVIOUS_PREFIX) :]
        elif needle.endswith(CHANGE_SUFFIX) and len(needle) > len(CHANGE_SUFFIX):
            needle = needle[: -len(CHANGE_SUFFIX)]
        return needle in haystack.lower()


def build_catalogue_model() -> QStandardItemModel:
    """Groups → variables (→ a list's columns), three columns: 变量, 单位/写法, 说明."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["变量", "单位 / 示例", "说明"])
    bold = QFont()
    bold.setBold(True)
    groups: dict[str, QStandardItem] = {}

    def group(name: str) -> QStandardItem:
        if name not in groups:
            item = QStandardItem(GROUP_TITLES.get(name, name))
            item.setFont(bold)
            item.setEditable(False)
            item.setSelectable(False)
            filler = [QStandardItem(), QStandardItem()]
            for cell in filler:
                cell.setEditable(False)
                cell.setSelectable(False)
            model.appendRow([item, *filler])
            groups[name] = item
        return groups[name]

    def row(
        parent: QStandardItem, name: str, unit: str, description: str, copy: str, kind: str, search: str = ""
    ) -> QStandardItem:
        cells = [QStandardItem(name), QStandardItem(unit), QStandardItem(description)]
        for cell in cells:
            cell.setEditable(False)
            cell.setToolTip(f"{description}\n双击复制：{copy}")
        cells[0].setData(copy, CopyRole)
        cells[0].setData(kind, KindRole)
        cells[0].setData(search, SearchRole)
        parent.appendRow(cells)
        return cells[0]

    for register in REGISTERS:  # figure groups in FIGURES.md's order, even when one is empty
        group(register)
    figure_names = {f.name for f in FIGURES}
    columns = list_columns()
    for variable in variable_catalogue():
        name = variable.name
        if variable.group in REGISTERS:
            if name not in figure_names:
                continue  # 上年F / F同比: explained once above the list, copied with their buttons
            row(
                group(variable.group), name, variable.unit, variable.description, f"{{{{{name}}}}}", "figure",
                f"{PREVIOUS_PREFIX}{name} {name}{CHANGE_SUFFIX}",
            )  # fmt: skip
        elif name in columns:
            parent = row(
                group(variable.group), name, "列表", variable.description, f"{{%tr for r in {name} %}}", "list",
                " ".join(columns[name]),
            )  # fmt: skip
            for column in columns[name]:
                row(parent, f"r.{column}", "列", f"{name}中每一行的“{column}”", f"{{{{r.{column}}}}}", "column")
        else:
            row(group(variable.group), name, "", variable.description, f"{{{{{name}}}}}", "field")
    for item in filter_help():
        row(
            group("过滤器"), f"|{item.name}", item.example, f"{item.description}。例：{item.usage}", f"|{item.name}",
            "filter", item.usage,
        )  # fmt: skip
    return model


class VariablesDialog(QDialog):
    """The catalogue with a search box, copy buttons and how to write a template."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("变量目录")
        self.resize(1080, 680)
        self.setModal(False)  # open beside Word while writing the template

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "模板中可以使用的全部变量。选中后点“复制”或双击，粘贴到 Word/WPS 文档中。"
            f"每个数字变量另有两种写法：<b>{{{{{PREVIOUS_PREFIX}会员总数}}}}</b> 是上年同期的数，"
            f"<b>{{{{会员总数{CHANGE_SUFFIX}}}}}</b> 是“增长1.7%”这样的比较文字。"
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索变量名或说明，如“助学”“到期”“上年会员总数”")
        self.search.setClearButtonEnabled(True)
        column.addWidget(self.search)

        self.model = build_catalogue_model()
        self.proxy = _CatalogueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setObjectName("variablesView")
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        header = self.view.header()
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        longest = max((f.name for f in FIGURES), key=metrics.horizontalAdvance)
        self.view.setColumnWidth(0, metrics.horizontalAdvance(longest) + self.view.indentation() * 2 + 16)
        self.view.setColumnWidth(1, metrics.horizontalAdvance("37500 → 叁万柒仟伍佰元整") + 16)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        column.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("复制")
        self.copy_previous_button = QPushButton("复制上年写法")
        self.copy_change_button = QPushButton("复制同比写法")
        self.copy_previous_button.setToolTip("复制 {{上年…}}：上年同期的数")
        self.copy_change_button.setToolTip("复制 {{…同比}}：“增长1.7%”这样的比较文字")
        for button in (self.copy_button, self.copy_previous_button, self.copy_change_button):
            buttons.addWidget(button)
        self.copied_label = QLabel()
        self.copied_label.setObjectName("hint")
        self.copied_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons.addWidget(self.copied_label, 1)
        column.addLayout(buttons)

        self.how_to = QTextBrowser()
        self.how_to.setObjectName("howTo")
        self.how_to.setHtml(HOW_TO_HTML)
        self.how_to.setOpenLinks(False)

        splitter = split_panes(left, self.how_to, (3, 1), horizontal=True, sizes=(740, 320))
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self._search)
        self.view.doubleClicked.connect(lambda _index: self.copy_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.copy_button.clicked.connect(lambda: self.copy_selected())
        self.copy_previous_button.clicked.connect(lambda: self.copy_selected(PREVIOUS_PREFIX))
        self.copy_change_button.clicked.connect(lambda: self.copy_selected(CHANGE_SUFFIX))
        self.view.expandAll()
        self._collapse_columns()
        self._selection_changed()

    def _collapse_columns(self) -> None:
        """Lists start folded: their columns matter once one writes a table row."""
        for group_row in range(self.proxy.rowCount()):
            group_index = self.proxy.index(group_row, 0)
            for row in range(self.proxy.rowCount(group_index)):
                index = self.proxy.index(row, 0, group_index)
                if index.data(KindRole) == "list":
                    self.view.collapse(index)

    def _search(self, text: str) -> None:
        self.proxy.set_needle(text)
        self.view.expandAll()
        if not text.strip():
            self._collapse_columns()
        self._select_first_match()

    def _select_first_match(self) -> None:
        """Typing a name and pressing 复制 should copy it, without a click in between."""
        for group_row in range(self.proxy.rowCount()):
            group_index = self.proxy.index(group_row, 0)
            if self.proxy.rowCount(group_index):
                self.view.setCurrentIndex(self.proxy.index(0, 0, group_index))
                return
        self.view.clearSelection()

    def selected_index(self) -> QModelIndex | None:
        indexes = self.view.selectionModel().selectedRows(0)
        if not indexes or indexes[0].data(KindRole) is None:
            return None
        return indexes[0]

    def _selection_changed(self) -> None:
        index = self.selected_index()
        self.copy_button.setEnabled(index is not None)
        is_figure = index is not None and index.data(KindRole) == "figure"
        self.copy_previous_button.setEnabled(is_figure)
        self.copy_change_button.setEnabled(is_figure)

    def select_variable(self, name: str) -> bool:
        """Select the row of `name` (a variable, `r.列`, or `|过滤器`); False when not listed."""
        matches = self.proxy.match(
            self.proxy.index(0, 0), Qt.ItemDataRole.DisplayRole, name, 1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )  # fmt: skip
        if not matches:
            return False
        self.view.scrollTo(matches[0])
        self.view.setCurrentIndex(matches[0])
        return True

    def copy_selected(self, form: str = "") -> str | None:
        """Copy what the selected row stands for; `form` 上年 or 同比 gives that form of a figure."""
        index = self.selected_index()
        if index is None:
            return None
        text = str(index.data(CopyRole))
        if form and index.data(KindRole) == "figure":
            name = str(index.data())
            text = f"{{{{{PREVIOUS_PREFIX}{name}}}}}" if form == PREVIOUS_PREFIX else f"{{{{{name}{CHANGE_SUFFIX}}}}}"
        QGuiApplication.clipboard().setText(text)
        kind = index.data(KindRole)
        if kind == "list":
            after = "，放在表格行的第一格；下面一行写各列，再下一行写 {%tr endfor %}"
        elif kind == "filter":
            after = "，写在变量名后面，如 " + str(index.data(SearchRole))
        else:
            after = "，可以粘贴到文档中了"
        self.copied_label.setText(f"已复制 {text}{after}")
        return text
