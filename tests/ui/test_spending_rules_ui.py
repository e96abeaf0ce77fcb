"""The spending rules in the window: the payment and batch dialogs warn before saving (naming the
person, the cap and what is left) and ask a reason to go ahead; 设置 → 开支标准 edits the rules and
loads a preset after asking; 合规检查 lists the year's breaches and exports them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from batch_helpers import confirmed, previewed
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from unionbook.db.models import AidPayment, RuleBreach
from unionbook.services import aid, members, spending_rules
from unionbook.services.aid import PaymentInput
from unionbook.services.database import Database
from unionbook.services.members import MemberInput
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.batch_dialog import NOTE, BatchDialog
from unionbook.ui.dialogs.breach_dialog import BreachDialog
from unionbook.ui.dialogs.compliance_dialog import ComplianceDialog
from unionbook.ui.dialogs.payment_dialog import PaymentDialog
from unionbook.ui.dialogs.spending_rule_dialog import SpendingRuleDialog
from unionbook.ui.pages.settings_rules import SpendingRulesBox

DAY = date(2025, 9, 30)
OVER = "张三 节日慰问 本年已发 2,000.00 元，本次 500.00 元，超出每人每年 2,200.00 元的标准 300.00 元（尚可发放 200.00 元）"


@pytest.fixture
def people(qtbot, db: Database) -> dict[str, int]:
    create_application()
    f = db.session_factory
    ids = {n: members.save_member(f, MemberInput(name=n, join_date_unknown=True)).id for n in ("张三", "李四")}
    spending_rules.load_preset(f, "安徽")
    aid.save_payment(f, PaymentInput(member_id=ids["张三"], program="节日慰问", date=date(2025, 1, 20), goods="年货",
                                     goods_value_fen=200000))  # fmt: skip
    return ids


def _answer(monkeypatch: pytest.MonkeyPatch, seen: list[BreachDialog], reason: str | None) -> None:
    """The warning as the chair meets it: checked, then 仍然保存 with `reason` or 返回修改 (None)."""

    def exec_(dialog: BreachDialog) -> int:
        seen.append(dialog)
        assert not dialog.save_button.isEnabled()  # no reason yet
        if reason is None:
            return QDialog.DialogCode.Rejected
        dialog.reason_edit.setPlainText(reason)
        assert dialog.save_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BreachDialog, "exec", exec_)


def _breaches(db: Database) -> list[tuple[str, str]]:
    with db.session_factory() as session:
        return [tuple(r) for r in session.execute(select(RuleBreach.message, RuleBreach.reason).order_by(RuleBreach.id))]


def _payment_dialog(db: Database, member_id: int) -> PaymentDialog:
    dialog = PaymentDialog(db, member_id=member_id, today=DAY)
    dialog.program.setCurrentIndex(dialog.program.findData("节日慰问"))
    dialog.goods.setText("月饼礼盒")
    dialog.amount.setText("0")
    dialog.goods_value.setText("500")
    return dialog


def test_payment_over_the_cap_warns_and_going_back_saves_nothing(db: Database, people: dict[str, int],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    seen: list[BreachDialog] = []
    _answer(monkeypatch, seen, None)
    dialog = _payment_dialog(db, people["张三"])
    dialog.accept()
    assert [seen[0].list.item(i).text() for i in range(seen[0].list.count())] == [OVER]
    assert seen[0].head.text() == "这笔发放超出开支标准："
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.general_error.text() == "开支标准：未保存：超出开支标准或预算，请修改后再保存"
    assert len(aid.list_payments(db.session_factory)) == 1


def test_payment_over_the_cap_is_saved_with_the_reason_given(db: Database, people: dict[str, int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    seen: list[BreachDialog] = []
    _answer(monkeypatch, seen, "经工会委员会研究同意")
    dialog = _payment_dialog(db, people["张三"])
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _breaches(db) == [(OVER, "经工会委员会研究同意")]


def test_payment_within_the_rules_shows_no_warning(db: Database, people: dict[str, int],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    seen: list[BreachDialog] = []
    _answer(monkeypatch, seen, "不应被问到")
    dialog = _payment_dialog(db, people["李四"])
    dialog.accept()
    assert (seen, dialog.result(), _breaches(db)) == ([], QDialog.DialogCode.Accepted, [])


def test_batch_marks_the_people_over_the_cap_and_asks_a_reason_for_them(db: Database, people: dict[str, int],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    dialog = BatchDialog(db, today=DAY)
    dialog.program.setCurrentIndex(dialog.program.findData("节日慰问"))
    dialog.date_edit.setDate(DAY)
    dialog.goods.setText("月饼礼盒")
    dialog.amount.setText("0")
    dialog.goods_value.setText("500")
    preview = previewed(dialog)
    assert preview is not None and [line.name for line in preview.lines] == ["李四", "张三"]
    notes = [dialog.lines_model.index(row, NOTE).data() for row in range(2)]
    assert notes == ["", "超标准，尚可发放 200.00 元"]
    assert "1 人超出开支标准，见“提示”列" in dialog.preview_hint.text()
    seen: list[BreachDialog] = []
    _answer(monkeypatch, seen, "张三年初年货为补发")
    confirmed(dialog)
    assert seen[0].head.text() == "名单中有 1 人超出开支标准："
    assert seen[0].list.count() == 1 and seen[0].list.item(0).text() == OVER
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _breaches(db) == [(OVER, "张三年初年货为补发")]
    with db.session_factory() as session:
        assert session.scalar(select(AidPayment.batch_id).where(AidPayment.member_id == people["张三"],
                                                                AidPayment.date == DAY)) == dialog.batch_id  # fmt: skip


def test_settings_loads_a_preset_after_asking_and_adds_a_rule(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    box = SpendingRulesBox(db)
    qtbot.addWidget(box)
    assert box.table.rowCount() == 0 and box.source.text().startswith("尚未设置开支标准")
    dialog = SpendingRuleDialog(db)
    dialog.program.setCurrentIndex(dialog.program.findData("生日慰问"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("每人每年限额"))
    dialog.accept()  # no cap typed
    assert dialog.errors["限额"].text() == "每人每年限额须填写大于 0 的金额"
    dialog.cap.setText("800")
    dialog.basis.setText("本单位工会委员会决定")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    box.refresh()
    assert [box.table.item(0, c).text() for c in range(5)] == ["生日慰问", "每人每年限额", "800.00", "本单位工会委员会决定", "是"]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes)
    box.presets.setCurrentIndex(box.presets.findData("安徽"))
    box.load_preset()
    assert asked == ["载入“安徽”预设会替换当前全部 1 条开支标准（已记录的超标准发放及其原因会保留）。继续吗？"]
    assert box.table.rowCount() == 14 and box.source.text() == "当前规则来自“安徽”预设，共 14 条。"
    assert box.message.text() == "已载入“安徽”预设：14 条开支标准"


def test_compliance_dialog_lists_the_years_breaches_and_exports_them(db: Database, people: dict[str, int],
                                                                     tmp_path: Path) -> None:  # fmt: skip
    aid.save_payment(db.session_factory, PaymentInput(member_id=people["张三"], program="节日慰问", date=DAY, goods="月饼",
                                                      goods_value_fen=50000), reason="经工会委员会研究同意")  # fmt: skip
    dialog = ComplianceDialog(db, 2025, today=DAY)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 1, 2, 3, 6)] == ["2025-09-30", "张三", "节日慰问", "500.00", "经工会委员会研究同意"]
    assert dialog.table.item(0, 4).text() == OVER
    dialog.year.setCurrentIndex(dialog.year.findData(2024))
    assert dialog.table.rowCount() == 0 and "未发现超出标准的发放" in dialog.summary.text()
    written = dialog.export(tmp_path / "合规.xlsx")
    assert written is not None and written.exists()
