"""The 操作记录 names every table and every column a chair can change in Chinese: a new register
whose table or fields were left out would show "fund_entries" or "voucher_no" in the trail."""

from __future__ import annotations

import re

from unionbook.db.base import Base
from unionbook.db.models import *  # noqa: F403 - every table on Base.metadata
from unionbook.services.audit.labels import REGISTER_TABLES, TABLE_LABELS, field_label

#: Tables the trail never records row by row (written by Core, or the trail itself), and the
#: district book's (issue 19: a district installation has no grassroots trail).
NOT_AUDITED = {"audit_log", "import_problems", "alembic_version", "district_unions", "district_books", "district_people",
               "district_counted"}
#: Tables the trail names but whose rows it summarises instead (settings hold a password hash;
#: an import is one summary entry).
SUMMARISED = {"app_settings", "import_records"}
BOOKKEEPING = {"id", "created_at", "updated_at", "version"}  # the trail leaves `version` out


def test_every_table_and_column_has_a_chinese_name() -> None:
    missing = []
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_AUDITED:
            continue
        if table.name not in TABLE_LABELS:
            missing.append(table.name)
        for column in () if table.name in SUMMARISED else table.columns:
            if column.name not in BOOKKEEPING and not re.search(r"[\u4e00-\u9fff]", field_label(table.name, column.name)):
                missing.append(f"{table.name}.{column.name}")
    assert missing == []


def test_the_funds_tables_are_found_under_their_register() -> None:
    assert REGISTER_TABLES["经费"] == ("fund_entries", "fund_budgets")
    assert (TABLE_LABELS["fund_entries"], field_label("fund_entries", "voucher_no")) == ("经费收支", "凭证号")
