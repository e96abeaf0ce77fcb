"""What a chair meets on the first day and in December (issue 11, the registers and fixed lines):
each rule of the UI with a test, expected values written by hand."""

from __future__ import annotations

from datetime import date

from batch_helpers import previewed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from unionbook.services import members
from unionbook.services.database import Database
from unionbook.ui.application import create_application

# --- a member needs an 入会日期, or 日期不详 on purpose ------------------------------------------------


def test_member_dialog_asks_for_a_join_date_or_an_explicit_unknown(qtbot, db: Database) -> None:
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    create_application()
    dialog = MemberDialog(db.session_factory)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("新来的")
    assert dialog.is_member.isChecked() and dialog.join_date.value() is None and not dialog.join_date_unknown.isChecked()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["入会日期"].isVisible()
    assert dialog.errors["入会日期"].text() == "请填写入会日期；确实不知道的，请勾选“日期不详”"
    assert members.status_counts(db.session_factory).total == 0

    dialog.join_date_unknown.setChecked(True)  # 日期不详: the date is emptied and locked
    assert not dialog.join_date.isEnabled() and not dialog.errors["入会日期"].isVisible()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = members.get_member(db.session_factory, dialog.saved.id)
    assert saved.membership == "会员" and saved.data.join_date is None


def test_member_dialog_join_date_clears_the_unknown_choice(qtbot, db: Database) -> None:
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    create_application()
    dialog = MemberDialog(db.session_factory)
    qtbot.addWidget(dialog)
    dialog.name.setText("小王")
    dialog.join_date_unknown.setChecked(True)
    dialog.join_date_unknown.setChecked(False)
    dialog.join_date.set_value(date(2025, 6, 1))
    assert not dialog.join_date_unknown.isChecked()
    dialog.is_member.setChecked(False)  # not a member: neither the date nor 日期不详 applies
    assert not dialog.join_date.isEnabled() and not dialog.join_date_unknown.isEnabled()
    dialog.is_member.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert members.get_member(db.session_factory, dialog.saved.id).data.join_date == date(2025, 6, 1)


# --- the printed 会员花名册 lists members on the books unless asked otherwise ----------------------------

#: The demo union's 300 people by status today, counted by hand from the generator's rules once.
DEMO_LEFT_OFF = "非会员 24 人、已转出 23 人、已除名 2 人、已退会 9 人、已去世 1 人"


def test_printed_roster_lists_members_on_the_books_by_default(demo_db: Database) -> None:
    from unionbook.ui import printing

    ids = members.query_member_ids(demo_db.session_factory)
    roster = printing.collect_roster(demo_db.session_factory, ids, today=date(2026, 1, 5))
    assert len(roster.rows) == 241  # 229 会员 + 12 保留会籍
    assert {r[5] for r in roster.rows} == {"会员", "保留会籍"}
    assert [r[0] for r in roster.rows[:3]] == ["1", "2", "3"]  # numbered as printed
    assert roster.subtitle == f"打印日期：2026年1月5日　共 241 人　只列在册会员（未列{DEMO_LEFT_OFF}）"
    everyone = printing.collect_roster(demo_db.session_factory, ids, members_only=False, today=date(2026, 1, 5))
    assert len(everyone.rows) == 300 and everyone.subtitle == "打印日期：2026年1月5日　共 300 人"


def test_members_page_print_asks_and_prints_members_only_unless_unticked(qtbot, monkeypatch, demo_db: Database) -> None:
    from unionbook.ui.pages import members as members_page
    from unionbook.ui.pages.members import MembersPage

    create_application()
    page = MembersPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    printed = []
    monkeypatch.setattr(members_page, "show_print_preview", lambda _parent, source: printed.append(source()))

    dialog = page.print_preview()
    assert dialog.members_only.isChecked()
    assert dialog.summary.text() == f"将打印 241 人。列表中另有{DEMO_LEFT_OFF}，不打印。"
    dialog.accept()
    assert len(printed[-1].rows) == 241

    dialog = page.print_preview()
    dialog.members_only.setChecked(False)  # the chair's choice: everyone listed
    assert dialog.summary.text() == f"将打印当前列表中的全部 300 人，其中{DEMO_LEFT_OFF}。"
    dialog.accept()
    assert len(printed[-1].rows) == 300


def test_roster_print_starts_unticked_when_the_chair_filtered_for_people_who_left(qtbot, demo_db: Database) -> None:
    from unionbook.ui.pages.members import MembersPage

    create_application()
    page = MembersPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    page.membership_combo.setCurrentIndex(page.membership_combo.findData("已转出"))
    page.apply_filter()
    dialog = page.print_preview()
    assert not dialog.members_only.isChecked() and dialog.printed_count() == 23
    dialog.reject()


# --- goods and their value wherever money is shown ------------------------------------------------


def _union_with_gifts(db: Database) -> dict[str, int]:
    """张三: 送温暖 500 元 in cash and a 月饼礼盒 worth 120 元; 李四: the 月饼礼盒 only (a batch of two)."""
    from unionbook.services import aid
    from unionbook.services.aid import BatchRecipients, PaymentInput
    from unionbook.services.members import MemberFilter, MemberInput

    f = db.session_factory
    zhang = members.save_member(f, MemberInput(name="张三", department="一车间", join_date=date(2010, 1, 1))).id
    li = members.save_member(f, MemberInput(name="李四", department="一车间", join_date=date(2012, 1, 1))).id
    aid.save_payment(f, PaymentInput(member_id=zhang, program="送温暖", date=date(2025, 1, 20), amount_fen=50000))
    preview = aid.preview_batch(f, BatchRecipients(members=MemberFilter(membership="会员")), title="2025年中秋节慰问",
                                program="节日慰问", on=date(2025, 9, 30), amount_fen=0, goods="月饼礼盒",
                                goods_value_fen=12000)  # fmt: skip
    batch = aid.record_batch(f, preview, prepared_by="王会计", approved_by="张主席")
    return {"张三": zhang, "李四": li, "batch": batch}


def test_batch_totals_name_the_goods_and_their_value(qtbot, db: Database) -> None:
    from unionbook.services import aid
    from unionbook.ui.models.aid_table_models import BatchColumn, BatchTableModel

    _union_with_gifts(db)
    model = BatchTableModel()
    model.set_rows(aid.list_batches(db.session_factory))
    assert model.index(0, BatchColumn.TOTAL).data() == "实物：月饼礼盒（价值 240.00 元）"
    assert model.headerData(BatchColumn.TOTAL, Qt.Orientation.Horizontal) == "发放合计"


def test_payment_rows_of_goods_never_read_zero(db: Database) -> None:
    from unionbook.services import aid
    from unionbook.services.aid import PaymentFilter
    from unionbook.ui.models.aid_table_models import PaymentColumn, PaymentTableModel

    people = _union_with_gifts(db)
    model = PaymentTableModel()
    model.set_rows(aid.list_payments(db.session_factory, PaymentFilter(member_id=people["李四"])))
    assert model.index(0, PaymentColumn.AMOUNT).data() == "（实物）"
    assert model.index(0, PaymentColumn.GOODS).data() == "月饼礼盒"
    assert model.index(0, PaymentColumn.GOODS_VALUE).data() == "120.00"
    tip = model.index(0, PaymentColumn.AMOUNT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "实物：月饼礼盒（价值 120.00 元）"


def test_batch_dialog_total_of_a_goods_only_batch(qtbot, db: Database) -> None:
    from unionbook.ui.dialogs.batch_dialog import AMOUNT, BatchDialog

    create_application()
    f = db.session_factory
    for name in ("张三", "李四"):
        members.save_member(f, members.MemberInput(name=name, department="一车间", join_date=date(2010, 1, 1)))
    dialog = BatchDialog(db, today=date(2025, 9, 30))
    qtbot.addWidget(dialog)
    dialog.goods.setText("月饼礼盒")
    dialog.goods_value.setText("120")
    assert previewed(dialog) is not None
    assert dialog.total_label.text() == "发放 2 人，实物：月饼礼盒 2 份（价值合计 240.00 元）"
    assert dialog.lines_model.index(0, AMOUNT).data() == "实物：月饼礼盒（价值 120.00 元）"
    dialog.amount.setText("200")  # cash and goods: the total in 元 and its 大写, then the goods
    previewed(dialog)
    assert dialog.total_label.text() == "发放 2 人，合计 400.00 元（大写：肆佰元整）；实物：月饼礼盒 2 份（价值合计 240.00 元）"


def test_batches_tab_caption_and_member_history_show_the_goods(qtbot, db: Database) -> None:
    from unionbook.ui.dialogs.member_dialog import MemberDialog
    from unionbook.ui.pages.aid import AidPage

    create_application()
    people = _union_with_gifts(db)
    page = AidPage(db)
    qtbot.addWidget(page)
    page.set_year(2025)
    page.show()
    tab = page.batches_tab
    page.tabs.setCurrentWidget(tab)  # a tab reads its rows when shown
    tab.select_id(people["batch"])
    assert tab.lines_model.rowCount() == 2
    assert tab.lines_caption.text() == "“2025年中秋节慰问”发放名单：2 人，实物：月饼礼盒（价值 240.00 元）；已签收 0 人"

    dialog = MemberDialog(db.session_factory, people["张三"])
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "aidTotals").text() == "帮扶记录（2 笔，合计 500.00 元＋实物价值 120.00 元）"
    assert "2025年 2 笔 500.00 元＋实物：月饼礼盒（价值 120.00 元）" in dialog.aid_summary.text()
    rows = {dialog.aid_table.item(r, 1).text(): [dialog.aid_table.item(r, c).text() for c in (2, 3)]
            for r in range(dialog.aid_table.rowCount())}  # fmt: skip
    assert rows == {"送温暖": ["500.00", ""], "节日慰问": ["（实物）", "月饼礼盒（价值 120.00 元）"]}


# --- a new activity's date, and the 人次 counted from a sign-in list --------------------------------


def _activities_page(qtbot, db: Database, year: int):
    from unionbook.ui.pages.activities import ActivitiesPage

    create_application()
    page = ActivitiesPage(db)
    qtbot.addWidget(page)
    page.show()
    page.set_year(year)
    return page


def test_new_activity_date_follows_the_year_looked_at(qtbot, demo_db: Database) -> None:
    page = _activities_page(qtbot, demo_db, 2024)
    # Today inside the year looked at: today.
    assert page._default_date(today=date(2024, 6, 15)) == date(2024, 6, 15)
    # A past year: the date of its last activity (the demo's 2024 ends with one on 12-18), not 01-01.
    assert page._default_date(today=date(2026, 1, 5)) == date(2024, 12, 18)
    page.set_month(3)  # one month looked at: its last activity, or its last day
    assert page._default_date(today=date(2026, 1, 5)) == max(
        r.data.start_date for r in page.visible_rows()
    ) and page._default_date(today=date(2026, 1, 5)).month == 3
    page.set_year(2019)  # a year without activities: its last day
    assert page._default_date(today=date(2026, 1, 5)) == date(2019, 12, 31)


def test_participants_from_a_sign_in_list_read_as_a_number_with_a_mark(qtbot, demo_db: Database) -> None:
    from unionbook.services import activities
    from unionbook.ui.models.activity_ledger import activity_ledger
    from unionbook.ui.models.activity_table_model import Column

    page = _activities_page(qtbot, demo_db, 2024)
    f = demo_db.session_factory
    activity = activities.save_activity(f, activities.ActivityInput(
        name="职工篮球赛", category="文体活动", start_date=date(2024, 6, 1), participants=40)).id  # fmt: skip
    activities.set_attendance(f, activity, members.query_member_ids(f)[:3])
    page.reload()
    model = page.model
    index = model.index(model.row_of(activity), Column.PARTICIPANTS)
    assert index.data() == "3"  # not "3 名单"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()  # the ✓ icon
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "按签到名单计 3 人（登记的参与人次 40 不计）"
    assert model.headerData(Column.PARTICIPANTS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "参与人次；带 ✓ 的按签到名单人数计"
    )
    typed = next(r for r in model.rows() if not r.attendance and r.data.participants)
    assert model.index(model.row_of(typed.id), Column.PARTICIPANTS).data(Qt.ItemDataRole.DecorationRole) is None

    row = next(r for r in model.rows() if r.id == activity)
    ledger = activity_ledger([row], "测试工会", page.current_filter(), None, date(2025, 1, 3))
    assert ledger.rows[0][6] == "3✓"  # 序号, 日期, 名称, 类别, 角色, 地点, 人次
    assert ledger.subtitle.endswith("人次后标“✓”的按签到名单计")


# --- the sign-in dialog's search: no header re-measuring every row ---------------------------------


def test_attendance_search_lists_under_fixed_column_widths(qtbot, qtmodeltester, demo_db: Database) -> None:
    from PySide6.QtWidgets import QHeaderView

    from unionbook.services import activities
    from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog

    create_application()
    activity = activities.list_activities(demo_db.session_factory)[0].id
    dialog = AttendanceDialog(demo_db, activity)
    qtbot.addWidget(dialog)
    dialog.show()
    for table in (dialog.results, dialog.chosen):
        header = table.horizontalHeader()
        modes = {header.sectionResizeMode(c) for c in range(header.count())}
        assert QHeaderView.ResizeMode.ResizeToContents not in modes  # re-measured every row on each change
        assert table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert dialog.results.model().rowCount() == 300  # the demo's 300 people, an empty search box
    assert dialog.results_note.text() == "找到 300 人"
    qtmodeltester.check(dialog.results.model(), force_py=True)
    dialog.results.selectRow(0)
    dialog.add_selected()
    assert dialog.chosen.model().rowCount() == 1
    assert dialog.results.model().index(0, 4).data() == "已在名单"
    qtmodeltester.check(dialog.chosen.model(), force_py=True)
    dialog.reject()


# --- fixed lines: the title, 设置, the variables help, Qt's own dialogs ---------------------------


def test_window_title_names_the_union_once(qtbot, db: Database) -> None:
    from unionbook.services.union import Profile, save_profile
    from unionbook.ui.main_window import MainWindow

    app = create_application()
    assert app.applicationDisplayName() == "工会台账"  # Qt adds it to every title: "… — 工会台账"
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.windowTitle() == ""  # no name yet: the title bar reads "工会台账" alone
    save_profile(db.session_factory, Profile(union_name="某某机械有限公司工会委员会", unit_name="某某机械有限公司"))
    window.refresh_all()
    assert window.windowTitle() == "某某机械有限公司工会委员会"


def test_settings_speak_plainly_about_the_database_and_the_credit_code(qtbot, db: Database) -> None:
    from unionbook import __version__
    from unionbook.ui.pages.settings import SettingsPage

    create_application()
    page = SettingsPage(db)
    qtbot.addWidget(page)
    texts = {label.text() for label in page.findChildren(QLabel)}
    assert "结构版本" not in texts and "数据库版本" in texts
    assert page.revision_label.text() == f"第 {int(db.schema_revision())} 版"
    assert "程序版本" in texts and __version__ in texts
    assert "单位统一社会信用代码" in texts and "统一社会信用代码" not in texts
    assert "营业执照" in page.fields["credit_code"].placeholderText()


def test_variables_help_shows_a_sentence_that_appears_only_when_a_figure_is_not_zero(qtbot) -> None:
    from unionbook.ui.dialogs.variables_dialog import VariablesDialog

    create_application()
    dialog = VariablesDialog()
    qtbot.addWidget(dialog)
    help_text = dialog.how_to.toPlainText()
    assert "只在数字不是 0 时才出现的一句话" in help_text
    assert "{% if 金秋助学人数 %}开展金秋助学活动，资助职工子女{{金秋助学人数}}名。{% endif %}" in help_text
    assert "一名也没有时，这句话整句不出现" in help_text
    # The paragraph form comes second, explained: the "p" takes the two lines away with it.
    assert help_text.index("{% if 金秋助学人数 %}") < help_text.index("{%p if 金秋助学人数 %}")


def test_qt_dialogs_read_chinese(qtbot) -> None:
    import re

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QPushButton

    create_application()
    assert QCoreApplication.translate("QFileDialog", "&Open") == "打开(&O)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert QCoreApplication.translate("NoSuchContext", "left alone") == "left alone"
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, as on Linux desktops
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton) if w.text()]
    assert "打开(&O)" in texts and "取消" in texts
    assert not [t for t in texts if re.search("[A-Za-z]{2,}", t)], texts
