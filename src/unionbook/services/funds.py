"""经费收支 entries as the chair types them, and the year's ledger with its running 结余.

An entry is one line of the union's cash book: date, category (工会会计制度), 明细科目, amount in fen,
凭证号 and 摘要. It may link to what it paid for — an aid batch, a single aid payment, an activity,
or a month's dues collected — and then takes that derived line of the ledger over (fund_ledger.py):
the voucher and the register's record are the same money, counted once.

What is refused (ValidationError naming the field, as dialog, import and CLI show it): no date, a
category outside FundCategory, an amount not above 0, no 摘要, two links, a link to a record that
does not exist, is the wrong kind of money (a batch booked as income) or is already taken over by
another entry. What is only said (warnings, saved anyway): a 凭证号 already used that year — one
voucher may carry several lines —, an amount that differs from what the linked record shows, a date
later than today, a link outside the entry's year.

The ledger (`year_ledger`) is fund_ledger.ledger_lines for one year, with the balance carried from
the years before (上年结余) and a running 结余 after each line; filters choose which lines are shown,
never what the balance counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, AidBatch, AidPayment, DuesMonth, FundEntry, Member
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.funds import SUB_ITEMS, charge_of_activity, charge_of_program
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import FundCategory, labels
from unionbook.services import fund_ledger
from unionbook.services.fund_ledger import LedgerLine, LineSource, category_totals, income_total, spending_total
from unionbook.services.records import RecordStore, SaveResult, check_choice, not_after_today, require, stripped

FIRST_YEAR, LAST_YEAR = 1990, 2100
INCOME, SPENDING = "收入", "支出"
#: The day before any union's first record: the 上年结余 counts everything from here.
BEGINNING = date(1900, 1, 1)


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class EntryInput:
    """One entry as typed; field names are fund_entries' columns. At most one link is set."""

    date: date
    category: str
    amount_fen: int
    summary: str = ""  # 摘要
    sub_item: str = ""  # 明细科目
    voucher_no: str = ""  # 凭证号
    aid_batch_id: int | None = None
    aid_payment_id: int | None = None
    activity_id: int | None = None
    dues_month: date | None = None  # the first day of the month whose dues collected it books
    notes: str = ""


# --- links: what an entry paid for ---------------------------------------------------------------

#: The ledger source each link field takes over.
LINK_FIELDS: dict[LineSource, str] = {
    LineSource.BATCH: "aid_batch_id",
    LineSource.PAYMENT: "aid_payment_id",
    LineSource.ACTIVITY: "activity_id",
    LineSource.DUES: "dues_month",
}


@dataclass(frozen=True)
class Link:
    """What an entry links to: the ledger source and the record's id (for dues, the month as 202503)."""

    source: LineSource
    record_id: int

    @property
    def month(self) -> date:
        return date(self.record_id // 100, self.record_id % 100, 1)

    def fields(self) -> dict[str, object]:
        """The EntryInput fields that say this link (the others cleared)."""
        values: dict[str, object] = dict.fromkeys(LINK_FIELDS.values())
        values[LINK_FIELDS[self.source]] = self.month if self.source is LineSource.DUES else self.record_id
        return values


NO_LINK: dict[str, object] = dict.fromkeys(LINK_FIELDS.values())


def links_of(data: EntryInput | FundEntry) -> list[Link]:
    found = []
    for source, name in LINK_FIELDS.items():
        value = getattr(data, name)
        if value is not None:
            found.append(Link(source, value.year * 100 + value.month if isinstance(value, date) else value))
    return found


def link_of(data: EntryInput | FundEntry) -> Link | None:
    found = links_of(data)
    return found[0] if found else None


@dataclass(frozen=True)
class LinkedRecord:
    """The record a link points at, as the dialog and the warning describe it."""

    link: Link
    date: date
    description: str  # 批量发放“2024年端午节慰问”
    amount_fen: int  # what the register shows for it (the derived line's amount)
    category: FundCategory  # where the ledger charges it


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def linked_record(session: Session, link: Link, *, entry_id: int | None = None) -> LinkedRecord | None:
    """The linked record and the amount its derived line shows (payments another entry took over
    left out of a batch's); None when it does not exist."""
    match link.source:
        case LineSource.BATCH:
            batch = session.get(AidBatch, link.record_id)
            if batch is None:
                return None
            taken = select(FundEntry.aid_payment_id).where(FundEntry.aid_payment_id.is_not(None),
                                                           FundEntry.id != (entry_id or 0))  # fmt: skip
            amount = session.scalar(
                select(func.coalesce(func.sum(AidPayment.amount_fen + AidPayment.goods_value_fen), 0))
                .where(AidPayment.batch_id == batch.id, fund_ledger._union_money(), AidPayment.id.not_in(taken))
            )  # fmt: skip
            return LinkedRecord(
                link, batch.date, f"批量发放“{batch.title}”", amount or 0, charge_of_program(batch.program)[0]
            )
        case LineSource.PAYMENT:
            row = session.execute(
                select(AidPayment, Member.name).join(Member, Member.id == AidPayment.member_id)
                .where(AidPayment.id == link.record_id)
            ).first()  # fmt: skip
            if row is None:
                return None
            payment, name = row
            return LinkedRecord(link, payment.date, f"帮扶发放“{payment.program}（{name}）”",
                                payment.amount_fen + payment.goods_value_fen, charge_of_program(payment.program)[0])  # fmt: skip
        case LineSource.ACTIVITY:
            activity = session.get(Activity, link.record_id)
            if activity is None:
                return None
            return LinkedRecord(link, activity.start_date, f"活动“{activity.name}”", activity.cost_fen or 0,
                                charge_of_activity(activity.category)[0])  # fmt: skip
        case _:
            month = link.month
            amount, people = session.execute(
                select(func.coalesce(func.sum(DuesMonth.paid_fen), 0), func.count(func.distinct(DuesMonth.member_id)))
                .where(DuesMonth.paid_on.between(month, _month_end(month)), DuesMonth.paid_fen > 0)
            ).one()  # fmt: skip
            return LinkedRecord(link, _month_end(month), f"{month.year}年{month.month}月收缴会费（{people}人）",
                                amount, FundCategory.DUES_INCOME)  # fmt: skip


def link_candidates(factory: sessionmaker[Session], year: int) -> list[LedgerLine]:
    """What an entry of `year` may link to: the year's derived lines no entry has taken over yet,
    each with the amount the ledger shows for it."""
    with factory() as session:
        return [
            line for line in fund_ledger.ledger_lines(session, *year_range(year)) if line.source is not LineSource.ENTRY
        ]


def _taken_by(session: Session, link: Link, entry_id: int | None) -> FundEntry | None:
    column = getattr(FundEntry, LINK_FIELDS[link.source])
    value = link.month if link.source is LineSource.DUES else link.record_id
    return session.scalars(select(FundEntry).where(column == value, FundEntry.id != (entry_id or 0)).limit(1)).first()


# --- validation and saving -----------------------------------------------------------------------


def validate_entry(session: Session, data: EntryInput) -> tuple[EntryInput, list[str]]:
    data = replace(data, **stripped(data, "summary", "sub_item", "voucher_no", "notes"))
    require(data.date, "日期")
    if not FIRST_YEAR <= data.date.year <= LAST_YEAR:
        raise ValidationError(field="日期", detail=f"应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间")
    check_choice(data.category, labels(FundCategory), "科目")
    if data.amount_fen is None or data.amount_fen <= 0:
        raise ValidationError(field="金额", detail="应大于 0")
    require(data.summary, "摘要", "请写明这笔收支的摘要（事由）")
    warnings = not_after_today(data.date, "日期")
    links = links_of(data)
    if len(links) > 1:
        raise ValidationError(
            field="关联", detail="一笔收支最多关联一项记录（一个批次、一笔发放、一项活动或一个月的会费）"
        )
    if links:
        warnings += _check_link(session, data, links[0])
    return data, warnings


def _check_link(session: Session, data: EntryInput, link: Link) -> list[str]:
    if link.source is LineSource.DUES and data.dues_month is not None and data.dues_month.day != 1:
        raise ValidationError(field="关联", detail="会费月份应为该月的第一天")
    record = linked_record(session, link)
    if record is None:
        raise ValidationError(field="关联", detail="所关联的记录不存在（可能已被删除），请重新选择")
    category = FundCategory(data.category)
    if category.is_income != record.category.is_income:
        kind = INCOME if record.category.is_income else SPENDING
        raise ValidationError(field="关联", detail=f"{record.description}是{kind}，科目“{category}”不能关联它")
    warnings = []
    if record.date.year != data.date.year:
        warnings.append(f"所关联的{record.description}在{record.date.year}年，这笔收支记在{data.date.year}年")
    if record.amount_fen != data.amount_fen:
        warnings.append(f"金额 {format_yuan(data.amount_fen)} 元与所关联的{record.description}"
                        f"（{format_yuan(record.amount_fen)} 元）不一致")  # fmt: skip
    return warnings


def _unique(session: Session, data: EntryInput, entry_id: int | None) -> None:
    """A record is taken over by one entry: a second would count the same money twice."""
    for link in links_of(data):
        other = _taken_by(session, link, entry_id)
        if other is not None:
            voucher = f"凭证 {other.voucher_no}" if other.voucher_no else "另一笔收支"
            raise ValidationError(field="关联", detail=f"这项记录已由{voucher}（{other.date}“{other.summary}”）入账")


class EntryStore(RecordStore[EntryInput]):
    """The register's store, with the one warning that needs the saved record's id: a 凭证号
    already used in the year by another entry."""

    def save_in_session(self, session: Session, data: EntryInput, record_id: int | None = None) -> SaveResult:
        result = super().save_in_session(session, data, record_id)
        entry = session.get(FundEntry, result.id)
        assert entry is not None
        if not entry.voucher_no:
            return result
        start, end = year_range(entry.date.year)
        other = session.scalars(
            select(FundEntry).where(FundEntry.voucher_no == entry.voucher_no, FundEntry.id != entry.id,
                                    FundEntry.date.between(start, end)).order_by(FundEntry.date, FundEntry.id).limit(1)
        ).first()  # fmt: skip
        if other is None:
            return result
        warning = f"凭证号“{entry.voucher_no}”在{start.year}年已用于 {other.date}“{other.summary}”，请核对是否重号"
        return SaveResult(result.id, (*result.warnings, warning))


STORE = EntryStore(FundEntry, EntryInput, "经费收支记录", validate_entry, unique=_unique)

#: Save (validated, audited; a new entry when no id is given) and delete.
save_entry = STORE.save
delete_entry = STORE.delete


def get_entry(factory: sessionmaker[Session], entry_id: int) -> EntryInput:
    with factory() as session:
        return STORE.to_input(STORE.get(session, entry_id))


def sub_items_used(factory: sessionmaker[Session], category: str) -> list[str]:
    """明细科目 typed before under `category` that the suggested list (domain/funds.py) lacks."""
    suggested = set(SUB_ITEMS.get(FundCategory(category), ()))
    with factory() as session:
        used = session.scalars(
            select(FundEntry.sub_item).distinct().where(FundEntry.category == category).order_by(FundEntry.sub_item)
        )
        return [s for s in used if s and s not in suggested]


# --- the year's ledger ------------------------------------------------------------------------------

#: A derived line's row id: negative, apart from the entries' own ids, and stable across reloads.
_SOURCE_CODES = {LineSource.BATCH: 1, LineSource.PAYMENT: 2, LineSource.ACTIVITY: 3, LineSource.DUES: 4}


@dataclass(frozen=True)
class LedgerRow:
    """One line of the 经费收支明细账 with the 结余 after it."""

    line: LedgerLine
    balance_fen: int

    @property
    def id(self) -> int:
        if self.line.source is LineSource.ENTRY:
            return self.line.source_id
        return -(_SOURCE_CODES[self.line.source] * 10**10 + self.line.source_id)

    @property
    def editable(self) -> bool:
        """Typed entries are edited here; the others in their own register."""
        return self.line.source is LineSource.ENTRY

    @property
    def income_fen(self) -> int:
        return self.line.amount_fen if self.line.is_income else 0

    @property
    def spending_fen(self) -> int:
        return 0 if self.line.is_income else self.line.amount_fen


@dataclass(frozen=True)
class LedgerFilter:
    direction: str | None = None  # 收入 / 支出
    category: str | None = None
    source: str | None = None  # a LineSource value
    text: str = ""  # in the 摘要, 凭证号 or 明细科目

    @property
    def narrowed(self) -> bool:
        return bool(self.direction or self.category or self.source or self.text.strip())

    def keeps(self, line: LedgerLine) -> bool:
        if self.direction and line.is_income != (self.direction == INCOME):
            return False
        if self.category and line.category != self.category:
            return False
        if self.source and line.source != self.source:
            return False
        text = self.text.strip()
        return not text or any(text in field for field in (line.summary, line.voucher_no, line.sub_item))


@dataclass(frozen=True)
class YearLedger:
    year: int
    opening_fen: int  # 上年结余: every earlier year's income less spending
    rows: list[LedgerRow]  # the filter's lines, each with the year's running balance after it
    income_fen: int  # the shown lines' totals
    spending_fen: int
    closing_fen: int  # the year's 结余 at its end (whatever the filter)
    filtered: bool

    def totals_text(self) -> str:
        if self.filtered:
            return (f"筛选结果：收入合计 {format_yuan(self.income_fen)} 元，支出合计 {format_yuan(self.spending_fen)} 元，"
                    f"收支相抵 {format_yuan(self.income_fen - self.spending_fen)} 元")  # fmt: skip
        return (f"上年结余 {format_yuan(self.opening_fen)} 元，本年收入合计 {format_yuan(self.income_fen)} 元，"
                f"支出合计 {format_yuan(self.spending_fen)} 元，结余 {format_yuan(self.closing_fen)} 元")  # fmt: skip


def opening_balance(session: Session, year: int) -> int:
    """上年结余: income less spending of every record before the year, aggregated in SQL."""
    totals = category_totals(session, BEGINNING, date(year - 1, 12, 31))
    return income_total(totals) - spending_total(totals)


def year_ledger(factory: sessionmaker[Session], year: int, flt: LedgerFilter = LedgerFilter()) -> YearLedger:
    """The year's lines (fund_ledger's order), the 结余 running from 上年结余, the filter's lines."""
    with factory() as session:
        opening = opening_balance(session, year)
        lines = fund_ledger.ledger_lines(session, *year_range(year))
    balance, rows = opening, []
    for line in lines:
        balance += line.amount_fen if line.is_income else -line.amount_fen
        rows.append(LedgerRow(line, balance))
    whole = YearLedger(
        year, opening, rows, sum(r.income_fen for r in rows), sum(r.spending_fen for r in rows), balance, False
    )
    return narrow(whole, flt)


def narrow(ledger: YearLedger, flt: LedgerFilter) -> YearLedger:
    """The year's ledger (read unfiltered) cut to the filter's lines, their balances and the
    year's 结余 as they were: the page reads a year once and filters as the chair types."""
    if not flt.narrowed:
        return ledger
    rows = [r for r in ledger.rows if flt.keeps(r.line)]
    income, spending = sum(r.income_fen for r in rows), sum(r.spending_fen for r in rows)
    return replace(ledger, rows=rows, income_fen=income, spending_fen=spending, filtered=True)


def entry_link(factory: sessionmaker[Session], entry_id: int) -> LinkedRecord | None:
    """What a stored entry links to, with the amount the record shows (the dialog shows it beside
    the entry's own; it is not among the candidates, the entry having taken it over)."""
    with factory() as session:
        link = link_of(STORE.get(session, entry_id))
        return None if link is None else linked_record(session, link, entry_id=entry_id)


def find_row(rows: list[LedgerRow], row_id: int) -> LedgerRow:
    for row in rows:
        if row.id == row_id:
            return row
    raise NotFoundError(what="经费收支记录", key=str(row_id))
