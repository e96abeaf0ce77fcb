"""The import history (导入记录): each import's result, kept after the wizard closes.

One `import_records` row per import that wrote something (it is inserted in the import's own
transaction), with its counts, and one `import_problems` row per warning or rejected-row reason, as
the import reported them (sheet, row, column, message, and the row's name), ID and phone numbers
masked.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import non_negative

import_records = Table(
    "import_records", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    #: The register as the user knows it: 会员, 集体合同, 活动, 帮扶发放, 困难职工档案, 签到名单.
    Column("register", String(20), nullable=False),
    #: The file's name only: its folder can name the user's account, and moves anyway.
    Column("file_name", String(255), nullable=False),
    Column("sheet", String(100), nullable=False),
    Column("unit", String(4), nullable=False, default="人"),  # 人, 份, 场, 笔, 户
    Column("added", Integer, nullable=False, default=0),  # 新增
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("source", String(100), nullable=False, default=""),  # gui, cli …
    *(non_negative(c) for c in ("added", "updated", "unchanged", "skipped", "rejected", "warnings")),
)  # fmt: skip

import_problems = Table(
    "import_problems", metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("import_records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(10), nullable=False),  # warning, rejection
    Column("sheet", String(100), nullable=False),
    Column("row_number", Integer, nullable=False),  # as Excel shows it (1-based)
    Column("column_name", String(200)),  # the file's header text
    #: Who or what the row is (姓名, 合同名称 …): a row number alone means little once the file changed.
    Column("label", String(200)),
    Column("message", Text, nullable=False),
    CheckConstraint("kind IN ('warning', 'rejection')", name="kind_known"),
)  # fmt: skip
