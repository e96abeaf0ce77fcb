"""The 年度工作总结's 经费 paragraph: written from the dues and funds ledgers when they hold
something, absent otherwise (no "收入合计0元" sentence for a union that keeps no funds ledger).

On funds_union's union (2024, by hand): 会费实缴 52.00 元 → "52元", 收缴率 72.2%; 收入合计 53,037.00 元
→ "5.30万元", 支出合计 12,320.00 元 → "1.23万元", 预算执行率 77.0%.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from funds_union import build

from unionbook.db.models import AidPayment, Member
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.figures import Period

PARAGRAPH = (
    "加强工会经费管理。全年收缴会费52元，会费收缴率72.2%。全年经费收入合计5.30万元、支出合计1.23万元，预算执行率77.0%。"
)


def paragraphs(database: Database, folder: Path) -> list[str]:
    path = documents.render(database.session_factory, "年度工作总结", Period.year(2024), folder / "总结.docx",
                            today=date(2025, 1, 20))  # fmt: skip
    return [p.text for p in Document(path).paragraphs]


def test_the_paragraph_with_dues_and_funds(db: Database, tmp_path: Path) -> None:
    build(db.session_factory)
    texts = paragraphs(db, tmp_path)
    assert PARAGRAPH in texts
    # Under 五、民主管理, before the chair's own 【请补充】 on 厂务公开.
    at = texts.index(PARAGRAPH)
    assert texts[at + 1].startswith("【请补充：厂务公开") and any(t.startswith("五、") for t in texts[:at])


def test_no_paragraph_without_the_ledgers(db: Database, tmp_path: Path) -> None:
    with db.session_factory.begin() as s:  # aid spending, which the funds ledger shows, but no income booked
        member = Member(name="甲", is_migrant_worker=False)
        s.add(member)
        s.flush()
        s.add(AidPayment(member_id=member.id, program="住院慰问", date=date(2024, 5, 1), amount_fen=50000))
    texts = paragraphs(db, tmp_path)
    assert not [t for t in texts if "经费" in t and ("会费" in t or "收入合计" in t)]
    assert not [t for t in texts if "加强工会经费管理" in t]
