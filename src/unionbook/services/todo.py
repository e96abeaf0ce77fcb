"""待办: what needs the chair, one line each, for the overview a chair opens every morning.

Each line says what is due in words and where it is (`Opening`: the register, the record, a month
or a filter), so the page can open it. The rules are the registers' own, not new ones:
- contracts: services.contracts' statuses (即将到期 within 90 days, 已到期 without a renewal) and
  its legal checklist (报送审查备案 within 10 days of signing);
- hardship files: services.aid.overdue_reviews (not reviewed for 12 months);
- months without activities: services.report_findings, as the annual summary names them;
- members on the books without an ID number or an 入会日期: services.members' filters, so the
  members page opened from the line shows exactly those people;
- the 职代会 (会员大会), held at least once a year: the activities of this calendar year;
- backups: the newest file in backups/ beside the database (services.backup);
- 欠缴会费: members owing dues for months that are over (services.dues.arrears_summary).

"Now" is today for everything that is due now; the months without activities are the selected
year's (its months that are over).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, Member
from unionbook.domain.contracts import ContractStatus
from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.domain.vocab import ActivityCategory, MembershipEventKind
from unionbook.services import report_findings
from unionbook.services.aid import overdue_reviews
from unionbook.services.backup import list_backups
from unionbook.services.contracts import list_contracts
from unionbook.services.dues import arrears_summary
from unionbook.services.figures.period import Period
from unionbook.services.member_status import MISSING_ID, MISSING_JOIN_DATE, lacking, latest_membership_kind

#: A backup older than this many days is a 待办 line.
BACKUP_DAYS = 7
#: Beyond this many lines of one kind (hardship files), one line names how many.
MAX_LINES_PER_KIND = 4


@dataclass(frozen=True)
class Opening:
    """Where a 待办 line (or an overview card) leads: a register, and in it a record, a year, a
    month, or filters — (the page's filter, its value) pairs such as ("category", "职代会/会员大会"),
    ("membership", "会员"), ("condition", "证件号码"); the page sets its combo of that name."""

    register: Register | None  # None: 设置 (the union's details, backups)
    record_id: int | None = None
    year: int | None = None
    month: int | None = None
    filters: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class TodoItem:
    text: str
    opens: Opening
    urgent: bool = False  # lapsed or overdue (shown first, in orange), rather than coming up


def _contract_items(factory: sessionmaker[Session], today: date) -> list[TodoItem]:
    items: list[TodoItem] = []
    rows = list_contracts(factory, today=today)
    for row in sorted(rows, key=lambda r: r.data.effective_to or date.max):
        title, end = row.data.title, row.data.effective_to
        opens = Opening(Register.CONTRACTS, row.id)
        if row.status == ContractStatus.EXPIRED and end is not None:
            items.append(TodoItem(f"《{title}》已于{_day(end)}到期，尚未续签", opens, urgent=True))
        elif row.status == ContractStatus.EXPIRING and end is not None:
            days = (end - today).days
            items.append(TodoItem(f"《{title}》将于{_day(end)}到期（还有{days}天），请准备续签", opens))
        if row.status in (ContractStatus.NOT_YET, ContractStatus.IN_FORCE, ContractStatus.EXPIRING):
            filing = row.checklist[1]
            signed = row.data.signed_on
            if not filing.done and signed is not None and row.data.filed_on is None and (today - signed).days > 10:
                items.append(TodoItem(f"《{title}》签订已超过10日，尚未登记报送人社部门审查备案", opens, urgent=True))
    return items


def _hardship_items(factory: sessionmaker[Session], today: date) -> list[TodoItem]:
    rows = overdue_reviews(factory, today)
    items = [
        TodoItem(
            f"{r.member_name}的困难职工档案超过12个月未复核（"
            + (f"上次复核{_day(r.last_review)}）" if r.last_review else f"{_day(r.data.opened_on)}建档后未复核）"),
            Opening(Register.HARDSHIP, r.id),
            urgent=True,
        )
        for r in rows[:MAX_LINES_PER_KIND]
    ]
    if len(rows) > MAX_LINES_PER_KIND:
        rest = len(rows) - MAX_LINES_PER_KIND
        items.append(TodoItem(f"另有{rest}户困难职工档案超过12个月未复核", Opening(Register.HARDSHIP), urgent=True))
    return items


def _member_items(session: Session) -> list[TodoItem]:
    on_books = [k.value for k in MembershipEventKind.active()] + [MembershipEventKind.RETAIN.value]
    status = latest_membership_kind()
    items = []
    for what, text in ((MISSING_ID, "没有登记证件号码"), (MISSING_JOIN_DATE, "没有登记入会日期")):
        count = session.scalar(select(func.count()).select_from(Member).where(lacking(what), status.in_(on_books)))
        if count:
            items.append(
                TodoItem(f"{count}名在册会员{text}，请补充", Opening(Register.MEMBERS, filters=(("condition", what),)))
            )
    return items


def _activity_items(session: Session, year: int, today: date) -> list[TodoItem]:
    items = []
    quiet = report_findings.months_without_activities(session, Period.year(year), today)
    if quiet:
        items.append(
            TodoItem(
                f"{year}年{report_findings.month_names(quiet)}没有活动记录（如有活动，请补录）",
                Opening(Register.ACTIVITIES, year=year, month=quiet[-1].start.month),
            )
        )
    this_year = Period.year(today.year)
    congress = ActivityCategory.CONGRESS.value
    held = session.scalar(
        select(func.count()).where(Activity.category == congress, Activity.start_date.between(this_year.start, today))
    )
    if not held:
        planned = session.execute(
            select(Activity.id, Activity.start_date)
            .where(Activity.category == congress, Activity.start_date > today, Activity.start_date <= this_year.end)
            .order_by(Activity.start_date)
        ).first()
        if planned is not None:
            text = f"{today.year}年职代会（会员大会）定于{_day(planned[1])}召开，请做好准备"
            items.append(TodoItem(text, Opening(Register.ACTIVITIES, planned[0], year=today.year)))
        else:
            text = f"{today.year}年还没有召开职代会（会员大会），每年至少应召开一次"
            items.append(
                TodoItem(
                    text, Opening(Register.ACTIVITIES, year=today.year, filters=(("category", congress),)), urgent=True
                )
            )
    return items


def _backup_items(db_path: Path | None, today: date) -> list[TodoItem]:
    if db_path is None:
        return []
    backups = list_backups(db_path)
    opens = Opening(None)
    if not backups:
        return [TodoItem("还没有备份过数据，请在“设置”中立即备份", opens, urgent=True)]
    newest = max(entry.when for entry in backups)
    age = (today - newest.date()).days
    if age > BACKUP_DAYS:
        return [TodoItem(f"最近一次备份是{age}天前（{_day(newest.date())}），请及时备份", opens, urgent=True)]
    return []


def _dues_items(factory: sessionmaker[Session], today: date) -> list[TodoItem]:
    people, owed_fen = arrears_summary(factory, today)
    if not people:
        return []
    text = f"{people}名会员欠缴会费，合计{format_yuan(owed_fen)}元，请催缴或登记缴费"
    return [TodoItem(text, Opening(Register.DUES), urgent=True)]


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def todo_items(
    factory: sessionmaker[Session], year: int, today: date | None = None, db_path: Path | None = None
) -> list[TodoItem]:
    """Every 待办 line, what is lapsed or overdue first, then what is coming up."""
    today = today or date.today()
    items = _contract_items(factory, today) + _hardship_items(factory, today) + _dues_items(factory, today)
    with factory() as session:
        items += _member_items(session) + _activity_items(session, year, today)
    items += _backup_items(db_path, today)
    return sorted(items, key=lambda item: not item.urgent)  # stable: each kind keeps its order
