"""Five hardship files built by hand for the list tests, seen on 2026-12-20 (TODAY):

| 姓名 | 部门 | 建档 | 复核/走访 | 关闭 | on TODAY |
|---|---|---|---|---|---|
| 赵六 | 二车间 | 2026-11-01 | 走访 2026-11-15 | — | open, not due (opened 7 weeks ago) |
| 李四 | 二车间 | 2025-06-01 | 复核 2026-05-01 | — | open, not due |
| 张三 | 一车间 | 2024-03-01 | — | — | open, overdue (never reviewed) |
| 王五 | 一车间 | 2023-01-10 | — | 2025-08-01 解困脱困 | closed |
| 钱七 | 三车间 | 2022-02-02 | 复核 2025-01-05 | — | open, overdue |

李四's file lists two relatives (王秀英 配偶, 李小明 儿子). Names sort in pinyin as 李四, 钱七, 王五,
张三, 赵六.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from unionbook.services import aid, members
from unionbook.services.aid import FamilyMemberInput, HardshipInput

TODAY = date(2026, 12, 20)


def build_files(factory: sessionmaker[Session]) -> dict[str, int]:
    """The five files above; returns each person's file id by name."""
    files = {}
    for name, department, opened, closed, family in (
        ("钱七", "三车间", date(2022, 2, 2), None, ()),
        ("王五", "一车间", date(2023, 1, 10), date(2025, 8, 1), ()),
        ("张三", "一车间", date(2024, 3, 1), None, ()),
        ("李四", "二车间", date(2025, 6, 1), None,
         (FamilyMemberInput("王秀英", "配偶"), FamilyMemberInput("李小明", "儿子"))),
        ("赵六", "二车间", date(2026, 11, 1), None, ()),
    ):  # fmt: skip
        member = members.save_member(factory, members.MemberInput(name=name, department=department,
                                                                  join_date_unknown=True)).id  # fmt: skip
        files[name] = aid.save_hardship_file(factory, HardshipInput(
            member_id=member, category="相对困难", opened_on=opened, causes=("因病",), household_size=3,
            closed_on=closed, close_reason="解困脱困" if closed else None, family=family))  # fmt: skip
    aid.add_review(factory, files["李四"], date(2026, 5, 1), "复核", "入户核实")
    aid.add_review(factory, files["钱七"], date(2025, 1, 5), "复核")
    aid.add_review(factory, files["赵六"], date(2026, 11, 15), "走访", "送去慰问", visitors="工会主席")
    return files
