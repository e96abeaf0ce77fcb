"""Whatever a sheet holds, planning an import never raises: a row is accepted or rejected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionbook.services.importing.members import MEMBER_SPEC, plan_members

cells = st.one_of(
    st.none(),
    # Control characters cannot be stored in .xlsx at all, so the writer of this test refuses them.
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=25),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.sampled_from(["2019.5", "2019年5月3日", "4.40101E+17", "是", "否", "男", "合计", "填表人：某", "　", "１３８"]),
)
HEADER = [c.label for c in MEMBER_SPEC.columns]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=len(HEADER) + 2), max_size=8))
def test_random_sheets_only_reject(tmp_path_factory, rows: list[list[object]]) -> None:  # noqa: ANN001
    path: Path = tmp_path_factory.mktemp("fuzz") / "random.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    plan = plan_members(path)
    assert len(plan.accepted) + len(plan.rejected) <= len(rows)
    for rejected in plan.rejected:
        assert rejected.problems and all(p.message for p in rejected.problems)
