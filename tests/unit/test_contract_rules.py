"""Contract status, validation and the legal checklist, at their edges."""

from __future__ import annotations

from datetime import date

import pytest

from unionbook.domain.contracts import ContractStatus, check_contract, contract_status, process_checklist

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("start", "end", "terminated", "renewed", "expected"),
    [
        (date(2027, 1, 1), date(2029, 12, 31), None, False, ContractStatus.NOT_YET),
        (date(2024, 1, 1), date(2027, 12, 31), None, False, ContractStatus.IN_FORCE),
        (date(2024, 1, 1), date(2027, 2, 19), None, False, ContractStatus.EXPIRING),  # exactly 90 days
        (date(2024, 1, 1), date(2027, 2, 20), None, False, ContractStatus.IN_FORCE),  # 91 days
        (date(2024, 1, 1), TODAY, None, False, ContractStatus.EXPIRING),  # ends today: still in force
        (date(2023, 1, 1), date(2026, 11, 20), None, False, ContractStatus.EXPIRED),
        (date(2023, 1, 1), date(2026, 11, 20), None, True, ContractStatus.RENEWED),
        (date(2023, 1, 1), date(2027, 12, 31), TODAY, True, ContractStatus.TERMINATED),
        (date(2023, 1, 1), date(2027, 12, 31), date(2026, 11, 22), False, ContractStatus.IN_FORCE),
    ],
)
def test_status_from_dates(start, end, terminated, renewed, expected) -> None:  # noqa: ANN001
    assert contract_status(start, end, terminated, renewed, TODAY) == expected


def test_validation_errors_and_warnings() -> None:
    errors, warnings = check_contract(
        effective_from=date(2024, 1, 1), effective_to=date(2023, 12, 31), terminated_on=None,
        covered_employees=100, covered_female=120,
    )  # fmt: skip
    assert [f for f, _ in errors] == ["终止日期", "覆盖女职工数"]
    _, warnings = check_contract(
        effective_from=date(2024, 1, 1), effective_to=date(2027, 1, 1), terminated_on=None,
        covered_employees=None, covered_female=None,
    )  # fmt: skip
    assert warnings and "超过3年" in warnings[0]
    _, warnings = check_contract(
        effective_from=date(2024, 1, 1), effective_to=date(2026, 12, 31), terminated_on=None,
        covered_employees=None, covered_female=None,
    )  # fmt: skip
    assert warnings == []  # exactly three years is fine
    errors, _ = check_contract(
        effective_from=date(2023, 12, 1), effective_to=date(2026, 11, 30), terminated_on=None,
        covered_employees=None, covered_female=None, renews_signed_on=date(2023, 12, 1),
    )  # fmt: skip
    assert errors == [("生效日期", "续签合同应在原合同签订（2023-12-01）之后生效")]


def test_checklist_flags_missing_and_late_filing() -> None:
    missing = process_checklist(date(2024, 1, 5), None, None, None)
    assert [i.done for i in missing] == [False, False, False]
    assert "2024-01-15 前报送" in missing[1].note
    late = process_checklist(date(2024, 1, 5), date(2023, 12, 20), date(2024, 1, 20), date(2024, 1, 8))
    assert [i.done for i in late] == [True, False, True]
    assert "第15天" in late[1].note
    on_time = process_checklist(date(2024, 1, 5), date(2023, 12, 20), date(2024, 1, 15), date(2024, 1, 8))
    assert all(i.done for i in on_time)
