"""Members and employees (职工/会员) with their membership and employment histories.

Status is never stored on the person: membership at a date is the latest membership event on or
before it, employment status the latest employment event. So a member who 转出 in 2023 still counts
in 2022's figures, and a retiree counts as 在岗 before the retirement date.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, updated_at, version
from unionbook.domain.vocab import EmploymentStatus, Gender, IdType, MembershipEventKind

members = Table(
    "members", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False, index=True),
    #: Derived from `name` on every write (domain/pinyin.py), stored so that 100,000 names sort in
    #: pinyin order and match typed initials ("zs" → 张三) inside SQL rather than in Python.
    Column("name_pinyin", String(200), nullable=False, default="", server_default="", index=True),
    Column("name_initials", String(50), nullable=False, default="", server_default="", index=True),
    Column("gender", String(2)),
    Column("birth_date", Date),
    Column("ethnicity", String(20)),  # 民族
    Column("id_type", String(20), nullable=False, default=IdType.RESIDENT_ID.value),
    #: Text, never a number; unique when present (NULLs do not collide in SQLite).
    Column("id_number", String(32), unique=True),
    Column("education", String(20)),
    Column("tech_level", String(30)),  # 技术等级
    Column("phone", String(30)),
    Column("hukou_type", String(10)),  # 户籍类型
    Column("hukou_place", String(100)),  # 户籍所在地
    Column("political_status", String(20)),  # 政治面貌
    Column("department", String(100), index=True),  # 部门/工会小组
    Column("position", String(100)),  # 岗位/职务/工种
    Column("employment_form", String(30)),  # 用工形式
    Column("is_migrant_worker", Boolean, nullable=False, default=False),  # 是否农民工
    Column("member_card_no", String(40)),  # 会员卡号
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    # Only gender is closed: other code lists (学历, 户籍类型 ...) keep unknown values as typed,
    # because rosters from other systems use their own wording and the import must not lose it.
    in_vocab("gender", Gender),
)  # fmt: skip

#: 会籍变化: 入会, 转入, 保留, 转出, 除名, 退会, 去世 with a date and a reason. `date` may be NULL when
#: a roster lists a member without saying since when: the event then counts as the earliest (a
#: member at every date) but never as 新入会 within a period.
membership_events = Table(
    "membership_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("date", Date),
    Column("reason", String(200)),
    created_at(),
    version(),
    in_vocab("kind", MembershipEventKind, nullable=False),
    # A person's latest event at a date (services/member_status.py) is read from this index
    # alone: `id` follows the date so "date DESC, id DESC" is the index's own order (no sort
    # per person), and `kind` is there so the row itself is never read (migration 0009).
    Index("ix_membership_events_member_date", "member_id", "date", "id", "kind"),
    Index("ix_membership_events_date_kind", "date", "kind"),
)  # fmt: skip

#: 就业状况 from a date on (在岗 on hiring, 退休 on retiring ...). `date` may be NULL when a roster
#: gives a status without saying since when: such an event counts as the earliest one.
employment_events = Table(
    "employment_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(10), nullable=False),
    Column("date", Date),
    created_at(),
    version(),
    in_vocab("status", EmploymentStatus, nullable=False),
    # As ix_membership_events_member_date: the latest 就业状况 at a date from the index alone.
    Index("ix_employment_events_member_date", "member_id", "date", "id", "status"),
)  # fmt: skip
