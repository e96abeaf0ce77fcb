"""Every dialog a chair opens from the registers, built on the demo union as she would meet it.

Shared by the test that each fits a 1366×768 screen (test_dialogs_fit.py) and by anyone who wants
to look at them: `python tests/ui/dialog_catalogue.py DEMO.sqlite OUTDIR` grabs each as a PNG
(run it under `xvfb-run -s "-screen 0 1366x768x24"` with QT_QPA_PLATFORM=xcb to see them on a
real 1366×768 screen).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
from batch_helpers import previewed
from PySide6.QtWidgets import QWidget

from unionbook.services import activities, aid, contracts, members
from unionbook.services.aid import PaymentFilter
from unionbook.services.database import Database
from unionbook.services.importing.activities import plan_attendance

#: name → builds the dialog (not shown) on the demo union.
Builder = Callable[[Database, Path], QWidget]


def _member_with_history(db: Database) -> int:
    """The demo's longest-helped person: a hardship file, years of payments, activities."""
    return next(r.data.member_id for r in aid.list_hardship_files(db.session_factory) if r.member_name == "马兰珍")


def _meeting(db: Database) -> int:
    rows = activities.list_activities(db.session_factory)
    return next(r.id for r in rows if r.data.is_meeting and r.data.proposals)


def _member(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    return MemberDialog(db.session_factory)


def _member_edit(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    return MemberDialog(db.session_factory, _member_with_history(db))


def _contract(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.contract_dialog import ContractDialog

    return ContractDialog(db)


def _contract_edit(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.contract_dialog import ContractDialog

    return ContractDialog(db, contracts.list_contracts(db.session_factory)[0].id)


def _activity(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.activity_dialog import ActivityDialog

    return ActivityDialog(db, default_date=date(2025, 5, 20))


def _activity_meeting(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.activity_dialog import ActivityDialog

    return ActivityDialog(db, _meeting(db))


def _attendance(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog

    return AttendanceDialog(db, _meeting(db))


def _attendance_review(db: Database, tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.attendance_dialog import AttendanceImportReview

    path = tmp / "签到表.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "姓名", "部门"])
    names = [r.name for r in members.fetch_rows(db.session_factory, members.query_member_ids(db.session_factory)[:20])]
    for n, name in enumerate([*names, "查无此人", "外来人员", "王某某"], start=1):
        workbook.active.append([n, name, None])
    workbook.save(path)
    return AttendanceImportReview(plan_attendance(path, db.session_factory), set())


def _hardship(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.hardship_dialog import HardshipDialog

    return HardshipDialog(db)


def _hardship_edit(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.hardship_dialog import HardshipDialog

    row = next(r for r in aid.list_hardship_files(db.session_factory) if r.member_name == "马兰珍")
    return HardshipDialog(db, row.id)


def _review(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.hardship_review_dialog import ReviewDialog

    return ReviewDialog(db, aid.list_hardship_files(db.session_factory)[0])


def _close_file(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.hardship_review_dialog import CloseFileDialog

    return CloseFileDialog(db, aid.list_hardship_files(db.session_factory)[0])


def _payment(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.payment_dialog import PaymentDialog

    return PaymentDialog(db)


def _payment_edit(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.payment_dialog import PaymentDialog

    row = next(p for p in aid.list_payments(db.session_factory, PaymentFilter(year=2025)) if p.batch_title)
    return PaymentDialog(db, row=row)


def _batch(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.batch_dialog import BatchDialog

    dialog = BatchDialog(db, today=date(2025, 9, 30))
    dialog.goods.setText("月饼礼盒")
    dialog.goods_value.setText("120")
    previewed(dialog)  # the list of 229 members, as the chair checks it
    return dialog


def _export(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(db)
    dialog.layout_choice.setChecked(True)  # the longer hint
    return dialog


def _import_wizard(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.import_wizard import ImportWizard

    return ImportWizard(db)


def _import_history(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.import_history_dialog import ImportHistoryDialog

    return ImportHistoryDialog(db)


def _variables(_db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.variables_dialog import VariablesDialog

    return VariablesDialog()


def _roster_print(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.roster_print_dialog import RosterPrintDialog

    return RosterPrintDialog(members.membership_breakdown(db.session_factory))


def _honor_edit(db: Database, _tmp: Path) -> QWidget:
    from unionbook.services import honors
    from unionbook.ui.dialogs.honor_dialog import HonorDialog

    return HonorDialog(db, row=honors.list_honors(db.session_factory)[0])


def _position_edit(db: Database, _tmp: Path) -> QWidget:
    from unionbook.services import positions
    from unionbook.ui.dialogs.position_dialog import PositionDialog

    return PositionDialog(db, row=positions.list_positions(db.session_factory)[0])


def _case(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.case_dialog import CaseDialog

    return CaseDialog(db)


def _enrollment(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.enrollment_dialog import EnrollmentDialog

    return EnrollmentDialog(db, year=2025)


def _breach_batch(db: Database, _tmp: Path) -> QWidget:
    """The warning a 节日慰问 batch gets when it takes the members past the 安徽 cap of 2,200 元."""
    from unionbook.services.aid import BatchRecipients, check_batch, preview_batch
    from unionbook.services.members import MemberFilter
    from unionbook.ui.dialogs.breach_dialog import BreachDialog

    preview = preview_batch(db.session_factory, BatchRecipients(members=MemberFilter(membership="会员")), title="年货",
                            program="节日慰问", on=date(2025, 12, 20), amount_fen=0, goods="年货礼包",
                            goods_value_fen=210000)  # fmt: skip
    return BreachDialog(check_batch(db.session_factory, preview), ["2025年职工活动支出预算 80,000.00 元，已支出 "
                        "79,800.00 元，本次 480,900.00 元，将超出预算 480,700.00 元"], batch=True)  # fmt: skip


def _spending_rule(db: Database, _tmp: Path) -> QWidget:
    from unionbook.services.spending_rules import list_rules
    from unionbook.ui.dialogs.spending_rule_dialog import SpendingRuleDialog

    return SpendingRuleDialog(db, rule=list_rules(db.session_factory)[0])


def _compliance(db: Database, _tmp: Path) -> QWidget:
    from unionbook.ui.dialogs.compliance_dialog import ComplianceDialog

    return ComplianceDialog(db, 2023, today=date(2025, 12, 20))


DIALOGS: dict[str, Builder] = {
    "member-new": _member,
    "member-edit": _member_edit,
    "contract-new": _contract,
    "contract-edit": _contract_edit,
    "activity-new": _activity,
    "activity-meeting": _activity_meeting,
    "attendance": _attendance,
    "attendance-import-review": _attendance_review,
    "hardship-new": _hardship,
    "hardship-edit": _hardship_edit,
    "hardship-review": _review,
    "hardship-close": _close_file,
    "payment-new": _payment,
    "payment-edit": _payment_edit,
    "batch": _batch,
    "export": _export,
    "import-wizard": _import_wizard,
    "import-history": _import_history,
    "variables": _variables,
    "roster-print": _roster_print,
    "honor-edit": _honor_edit,
    "position-edit": _position_edit,
    "case-new": _case,
    "enrollment-new": _enrollment,
    "breach-batch": _breach_batch,
    "spending-rule-edit": _spending_rule,
    "compliance": _compliance,
}


def main(argv: list[str]) -> int:
    """Grab every dialog as the chair's screen shows it: sized to its hint within the screen."""
    import tempfile

    from unionbook.ui.application import create_application

    app = create_application()
    db = Database.open(Path(argv[0]), source="dialogs")
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    screen = app.primaryScreen().availableGeometry()
    print(f"screen {screen.width()}×{screen.height()} available")
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in DIALOGS.items():
            dialog = build(db, Path(tmp))
            hint = dialog.sizeHint()
            dialog.show()
            app.processEvents()
            size = dialog.size()
            print(f"{name:26} hint {hint.width()}×{hint.height()}  min {dialog.minimumSizeHint().width()}×"
                  f"{dialog.minimumSizeHint().height()}  shown {size.width()}×{size.height()}")  # fmt: skip
            dialog.grab().save(str(out / f"{name}.png"))
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
