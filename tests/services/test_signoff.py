"""The sign-off sheet is collected once (services/signoff.py): what the 帮扶 page prints and the
.xlsx it saves carry the same title, 合计 and 大写 line — for a cash batch, and for a goods-only
batch, which says what was handed out instead of 零元整."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from unionbook.services import aid, members
from unionbook.services.aid import BatchRecipients
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter, MemberInput
from unionbook.services.signoff import collect_signoff, find_batch, write_batch_signoff
from unionbook.services.union import get_profile, save_profile


def _batch(db: Database, title: str, **standard: object) -> int:
    f = db.session_factory
    preview = aid.preview_batch(f, BatchRecipients(members=MemberFilter(membership="会员")), title=title,
                                program="节日慰问", on=date(2025, 9, 28), **standard)  # type: ignore[arg-type]  # fmt: skip
    return aid.record_batch(f, preview, prepared_by="陈晓燕", approved_by="周立军")


def _xlsx_texts(path: Path) -> list[str]:
    return [str(c) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True) for c in row if c]


def test_signoff_print_and_xlsx_agree_on_title_and_total(db: Database, tmp_path: Path) -> None:
    f = db.session_factory
    save_profile(f, replace(get_profile(f), union_name="江川精密机械有限公司工会"))
    for name, department in (("张三", "一车间"), ("李四", "二车间")):
        members.save_member(f, MemberInput(name=name, department=department, join_date_unknown=True))
    cash = _batch(db, "2025年中秋节慰问", amount_fen=30050)
    goods = _batch(db, "2025年中秋节实物慰问", amount_fen=0, goods="月饼一盒", goods_value_fen=12800)

    expected = {
        cash: ("江川精密机械有限公司工会2025年中秋节慰问发放签收表", "合计金额（大写）：陆佰零壹元整　（小写：¥601.00）"),
        goods: ("江川精密机械有限公司工会2025年中秋节实物慰问发放签收表", "本批为实物发放：月饼一盒，共 2 份"),
    }
    for batch_id, (title, total_line) in expected.items():
        printed = collect_signoff(f, find_batch(f, batch_id))  # what the page paints
        assert (printed.title, printed.total_line, printed.count_text) == (title, total_line, "2 人")
        assert printed.subtitle == "项目：节日慰问　　发放日期：2025年9月28日"
        saved = _xlsx_texts(write_batch_signoff(f, batch_id, tmp_path / f"{batch_id}.xlsx"))
        assert saved[0] == title and total_line in saved and "2 人" in saved
    assert printed.total == Decimal("0.00")
    assert not any("大写" in text for text in saved)  # a goods-only sheet has no 零元整 line
