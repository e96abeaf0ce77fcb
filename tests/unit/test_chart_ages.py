"""The age bands of 会员年龄结构 are counted in SQL as birth-date bounds: the bound must be the
exact birthday edge, on an ordinary day and on 29 February."""

from __future__ import annotations

from datetime import date

import pytest

from unionbook.services.charts import age_at, born_by


@pytest.mark.parametrize(
    ("at", "age", "bound"),
    [(date(2025, 12, 31), 36, date(1989, 12, 31)), (date(2025, 6, 30), 46, date(1979, 6, 30)),
     (date(2024, 2, 29), 36, date(1988, 2, 29)), (date(2024, 2, 29), 35, date(1989, 2, 28))],
)  # fmt: skip
def test_the_bound_is_the_last_birthday_of_that_age(at: date, age: int, bound: date) -> None:
    assert born_by(at, age) == bound
    assert age_at(bound, at) >= age  # born on the bound: that age already
    assert age_at(date.fromordinal(bound.toordinal() + 1), at) == age - 1  # a day later: not yet
