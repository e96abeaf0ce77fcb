"""The aid register: disbursements to individuals (送温暖, 金秋助学, 医疗救助, 慰问 ...) and in batches
(夏送清凉, 中秋节慰问), merged into one ledger ordered by date.

The ledger is the biggest table by far (about a million rows at 100,000 people), so its rows are
written as storage-form tuples through `Context.insert_raw`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from unionbook.db.models import AidBatch, AidPayment
from unionbook.domain.vocab import AidProgram, FundingSource, HardshipCategory, HardshipCause, MembershipEventKind
from unionbook.services.demo.common import (
    FRONT_LINE,
    WINDOW_END,
    YEARS,
    add_years,
    age_on,
    cn_date,
    mid_autumn,
    rand_date,
    warmth_date,
    weekday,
)
from unionbook.services.demo.context import Context
from unionbook.services.demo.records import DemoFile, Person
from unionbook.services.demo.union import identity

#: 送温暖 per household, by 困难类别 (fen): the deeper the hardship, the more.
_WARMTH_AMOUNT = {HardshipCategory.DEEP.value: 200000, HardshipCategory.ACCIDENT.value: 150000,
                  HardshipCategory.RELATIVE.value: 100000}

_COLUMNS = ("id", "member_id", "hardship_file_id", "batch_id", "program", "date", "amount_fen", "goods",
            "goods_value_fen", "funding_source", "signed", "notes")


def _individual_payments(ctx: Context) -> list[dict[str, Any]]:
    rng = ctx.rng
    out: list[dict[str, Any]] = []

    def pay(p: Person, program: AidProgram, d: date, amount: int, funding: FundingSource, *,
            file: DemoFile | None = None, goods: str | None = None, goods_value: int = 0,
            notes: str | None = None) -> None:
        out.append({
            "member_id": p.id, "hardship_file_id": file.id if file else None, "batch_id": None,
            "program": program.value, "date": d, "amount_fen": amount, "goods": goods,
            "goods_value_fen": goods_value, "funding_source": funding.value,
            "signed": rng.random() < 0.97, "notes": notes,
        })

    def day_between(lo: date, hi: date) -> date:
        return weekday(rand_date(rng, lo, hi))

    for year in YEARS:
        warmth = warmth_date(year)
        for f in ctx.files:
            if f.open_on(warmth):
                amount = _WARMTH_AMOUNT[f.category]
                deep = f.category == HardshipCategory.DEEP
                source = FundingSource.UPPER_UNION if deep else FundingSource.OWN_FUNDS
                pay(f.person, AidProgram.WARMTH, warmth, amount, source, file=f, goods="大米、食用油",
                    goods_value=20000, notes=f"{year}年春节送温暖")
        may_day = weekday(date(year, 4, 27))
        for f in ctx.model_files:
            if f.open_on(may_day):
                pay(f.person, AidProgram.MODEL_WORKER, may_day, 300000, FundingSource.UPPER_UNION, file=f,
                    notes="“五一”前夕困难劳模帮扶")
        school = weekday(date(year, 8, 20))
        for f in ctx.files:
            if not f.open_on(school):
                continue
            for name, birth in f.children:
                age = age_on(birth, school)
                if age == 18:
                    pay(f.person, AidProgram.GOLDEN_AUTUMN, school, rng.choice((300000, 400000, 500000)),
                        rng.choice((FundingSource.UPPER_UNION, FundingSource.DONATION)), file=f,
                        notes=f"子女{name}考入大学")
                elif 6 <= age <= 22 and rng.random() < 0.5:
                    stage = "大学" if age > 18 else "高中" if age >= 15 else "初中" if age >= 12 else "小学"
                    amount = {"大学": 200000, "高中": 100000}.get(stage, 50000)
                    pay(f.person, AidProgram.GOLDEN_AUTUMN, school, amount, FundingSource.OWN_FUNDS, file=f,
                        notes=f"子女{name}{stage}在读")
        for f in ctx.files:
            lo, hi = max(f.opened, date(year, 1, 1)), min(f.closed or WINDOW_END, date(year, 12, 31))
            if lo >= hi:
                continue
            if HardshipCause.ILLNESS.value in f.causes and rng.random() < 0.6:
                pay(f.person, AidProgram.MEDICAL, day_between(lo, hi - timedelta(days=3)),
                    rng.randint(4, 16) * 50000, rng.choice((FundingSource.UPPER_UNION, FundingSource.OWN_FUNDS)),
                    file=f, notes="大病医疗救助")
            if f.category == HardshipCategory.DEEP and rng.random() < 0.3:
                pay(f.person, AidProgram.LIVING, day_between(lo, hi - timedelta(days=3)),
                    rng.randint(5, 15) * 10000, FundingSource.OWN_FUNDS, file=f, notes="临时生活救助")

        start, end = date(year, 1, 1), date(year, 12, 28)
        for program, rate, amounts, notes in (
            (AidProgram.HOSPITAL, 0.03, (50000, 50000, 80000), ("住院慰问",)),
            (AidProgram.MEDICAL, 0.004, (200000, 300000, 500000), ("患重大疾病，医疗救助",)),
            (AidProgram.FUNERAL, 0.01, (100000,), ("直系亲属（父亲）去世", "直系亲属（母亲）去世", "配偶去世")),
        ):
            for _ in range(ctx.scaled(rate)):
                d = day_between(start, end)
                p = ctx.pick_active(d)
                if p is not None:
                    goods = ("水果、牛奶", 10000) if program is AidProgram.HOSPITAL and rng.random() < 0.5 else (None, 0)
                    pay(p, program, d, rng.choice(amounts), FundingSource.OWN_FUNDS, goods=goods[0],
                        goods_value=goods[1], notes=rng.choice(notes))
        for _ in range(ctx.scaled(0.006)):
            d = day_between(start, end)
            p = ctx.pick_active(d, lambda q: q.dept.kind in FRONT_LINE)
            if p is not None:
                pay(p, AidProgram.INJURY_VISIT, d, rng.choice((50000, 80000, 100000)), FundingSource.OWN_FUNDS,
                    goods="水果、营养品", goods_value=15000, notes="工伤住院探视")
    # 逢十生日: members turning 30, 40 or 50 get a cake voucher on the birthday.
    for p in ctx.people:
        for age in (30, 40, 50):
            bday = add_years(p.birth, age)
            if bday.year in YEARS and p.active(bday):
                pay(p, AidProgram.BIRTHDAY, min(weekday(bday), WINDOW_END), 0, FundingSource.OWN_FUNDS,
                    goods="生日蛋糕券", goods_value=20000, notes=f"逢十生日慰问（{age}岁）")
    for p in ctx.people:
        if p.mem_end_kind == MembershipEventKind.DECEASED:
            pay(p, AidProgram.FUNERAL, weekday(p.mem_end + timedelta(days=3)), 300000,  # type: ignore[operator]
                FundingSource.OWN_FUNDS, notes="会员本人因病去世，慰问家属")
    return out


def _batches(ctx: Context) -> list[tuple[dict[str, Any], list[int], str, int]]:
    """Each year's 夏送清凉 and 中秋节慰问 as (batch row, person ids, goods, goods value), by date."""
    ident = identity()
    batches: list[tuple[dict[str, Any], list[int], str, int]] = []
    for year in YEARS:
        plans = (
            (AidProgram.SUMMER_COOL, weekday(date(year, 7, 10)), f"{year}年夏送清凉",
             "绿豆、白糖、凉茶、藿香正气水", 6000 + 500 * (year - 2021), True),
            (AidProgram.FESTIVAL, weekday(mid_autumn(year) - timedelta(days=5)), f"{year}年中秋节慰问",
             "月饼礼盒", 20000, False),
        )
        for program, d, title, goods, value, front_line in plans:
            if front_line:
                # High-temperature posts, members or not: the union looks after every worker there.
                ids = [p.id for p in ctx.people if p.on_duty(d) and p.dept.kind in FRONT_LINE]
                audience = "一线在岗职工"
            else:
                ids = [p.id for p in ctx.people if p.active(d) and p.on_duty(d)]
                audience = "在册在岗会员"
            row = {
                "id": len(batches) + 1, "title": title, "program": program.value, "date": d,
                "prepared_by": ident.contact_name, "approved_by": ident.chair_name,
                "notes": f"发放对象：{cn_date(d)}{audience}，共{len(ids)}人；每人{goods}一份",
            }
            batches.append((row, ids, goods, value))
    batches.sort(key=lambda b: (b[0]["date"], b[0]["id"]))
    for n, (row, *_rest) in enumerate(batches, start=1):
        row["id"] = n
    return batches


def insert_payments(ctx: Context) -> None:
    """Batches and the merged payment ledger (one progress step per batch)."""
    rng = ctx.rng
    singles = _individual_payments(ctx)
    # A ledger lists payments by date: sort once, then merge the batches in by date.
    program_order = {label: i for i, label in enumerate(p.value for p in AidProgram)}
    singles.sort(key=lambda r: (r["date"], program_order[r["program"]], r["member_id"]))

    batches = _batches(ctx)
    ctx.insert(AidBatch.__table__, [b[0] for b in batches])
    ctx.counts["batches"] = len(batches)

    def single(pid: int, r: dict[str, Any]) -> tuple[Any, ...]:
        return (pid, r["member_id"], r["hardship_file_id"], None, r["program"], r["date"].isoformat(),
                r["amount_fen"], r["goods"], r["goods_value_fen"], r["funding_source"], int(r["signed"]),
                r["notes"])

    def rows() -> Iterator[tuple[Any, ...]]:
        pid = 0
        i = 0
        for row, ids, goods, value in batches:
            while i < len(singles) and singles[i]["date"] <= row["date"]:
                pid += 1
                yield single(pid, singles[i])
                i += 1
            # The latest batch is still being signed for when the records end.
            unsigned = 0.25 if row["date"].year == 2025 and row["date"].month >= 9 else 0.01
            funding = (FundingSource.ADMINISTRATION if row["program"] == AidProgram.SUMMER_COOL
                       else FundingSource.OWN_FUNDS).value
            program, day, batch_id = row["program"], row["date"].isoformat(), row["id"]
            random_ = rng.random
            for member_id in ids:
                pid += 1
                yield (pid, member_id, None, batch_id, program, day, 0, goods, value, funding,
                       int(random_() >= unsigned), None)
            ctx.progress.step()
        for r in singles[i:]:
            pid += 1
            yield single(pid, r)

    ctx.counts["payments"] = ctx.insert_raw(AidPayment.__table__, _COLUMNS, rows())
