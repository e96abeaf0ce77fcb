"""A small union built by hand for the 会费 tests: who joined, left, retired, when, on what wage."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Member, MembershipEvent
from unionbook.services.dues import ExemptionInput, WageBaseInput, save_exemption, save_wage_base

D = date


def person(session: Session, name: str, id_number: str, *events: tuple[str, date], department: str = "一车间") -> int:
    member = Member(name=name, id_number=id_number, department=department, is_migrant_worker=False,
                    name_pinyin=name, name_initials="")  # fmt: skip
    session.add(member)
    session.flush()
    for kind, day in events:
        session.add(MembershipEvent(member_id=member.id, kind=kind, date=day))
    session.flush()
    return member.id


def build_union(factory: sessionmaker[Session]) -> dict[str, int]:
    """Seven people, March 2025 in view:
    - 张三 member since 2020, wage 5,678.90 (raised to 6,000.00 from 2025-04-01): due 28.35 in March;
    - 李四 joined 2025-03-10 (mid-month), wage 4,000.00: due 20.00;
    - 王五 member, 转出 2025-03-20 (left mid-month), wage 8,000.00: due 40.00 for March, no April row;
    - 赵六 member, 保留 from 2025-03-31 (retired at the month's end): row, due 0, 保留会籍;
    - 钱七 member, no wage base on file: row, wage empty, due 0 (未登记工资基数);
    - 孙八 member, wage 3,000.00, exempt 2025-02…2025-03 (病休，经工会委员会同意): due 0 with the reason;
    - 周九 never joined (an employee only): no row.
    """
    with factory.begin() as s:
        ids = {
            "张三": person(s, "张三", "110101198001010014", ("入会", D(2020, 5, 1))),
            "李四": person(s, "李四", "110101199002020027", ("入会", D(2025, 3, 10)), department="二车间"),
            "王五": person(s, "王五", "110101198503030031", ("入会", D(2019, 1, 1)), ("转出", D(2025, 3, 20))),
            "赵六": person(s, "赵六", "110101196504040049", ("入会", D(2000, 1, 1)), ("保留", D(2025, 3, 31))),
            "钱七": person(s, "钱七", "110101199505050052", ("入会", D(2021, 6, 1))),
            "孙八": person(s, "孙八", "110101198806060066", ("入会", D(2018, 9, 1))),
            "周九": person(s, "周九", "110101199707070073"),
        }
    save_wage_base(factory, WageBaseInput(ids["张三"], D(2024, 1, 1), 567890))
    save_wage_base(factory, WageBaseInput(ids["张三"], D(2025, 4, 1), 600000))
    save_wage_base(factory, WageBaseInput(ids["李四"], D(2025, 3, 10), 400000))
    save_wage_base(factory, WageBaseInput(ids["王五"], D(2023, 1, 1), 800000))
    save_wage_base(factory, WageBaseInput(ids["赵六"], D(2023, 1, 1), 700000))
    save_wage_base(factory, WageBaseInput(ids["孙八"], D(2023, 1, 1), 300000))
    save_exemption(factory, ExemptionInput(ids["孙八"], D(2025, 2, 1), D(2025, 3, 1), "病休，经工会委员会同意"))
    return ids
