"""The overview page's key figures: straight from the registry, for the selected year and the one before."""

from __future__ import annotations

import pytest

from unionbook.services.database import Database
from unionbook.services.figures import Period, compute_with_comparison, figure_by_name, format_value
from unionbook.ui.application import create_application
from unionbook.ui.pages import overview as overview_module
from unionbook.ui.pages.overview import KEY_FIGURES, OverviewPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> OverviewPage:  # noqa: ANN001
    create_application()
    widget = OverviewPage(demo_db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_key_figures_are_registry_figures() -> None:
    assert all(figure_by_name(name) is not None for name in KEY_FIGURES)


def test_overview_shows_the_years_key_figures_with_last_year(page: OverviewPage, demo_db: Database) -> None:
    page.set_year(2024)
    values = compute_with_comparison(demo_db.session_factory, Period.year(2024))
    assert "2024 年度" in page.figures_note.text()
    assert [label.text() for label in page.figure_header] == ["指标", "2024 年", "2023 年", "同比"]
    for name in KEY_FIGURES:
        unit = figure_by_name(name).unit
        current, previous, change = page.figure_rows[name]
        assert current.text() == format_value(values[name], unit)
        assert previous.text() == format_value(values["上年" + name], unit)
        assert change.text() == values[name + "同比"]
    assert page.figure_rows["入会率"][0].text().endswith("%")
    assert page.figure_rows["帮扶慰问总金额万元"][0].text().endswith(" 万元")
    page.set_year(2023)
    assert page.figure_rows["会员总数"][0].text() == format_value(values["上年会员总数"], "人")


def test_figures_wait_until_the_page_is_shown(qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    calls: list[Period] = []
    real = overview_module.compute_with_comparison
    monkeypatch.setattr(overview_module, "compute_with_comparison", lambda f, p: calls.append(p) or real(f, p))
    create_application()
    hidden = OverviewPage(demo_db)
    qtbot.addWidget(hidden)
    hidden.set_year(2024)
    hidden.refresh()  # e.g. a member saved on another page
    assert calls == []
    hidden.show()
    assert calls == [Period.year(2024)]
    hidden.set_year(2024)  # the same year again: nothing to recompute
    assert len(calls) == 1


def test_empty_database_hides_the_figures(qtbot, db: Database) -> None:  # noqa: ANN001
    create_application()
    empty = OverviewPage(db)
    qtbot.addWidget(empty)
    empty.show()
    empty.set_year(2024)
    assert empty.empty_panel.isVisible()
    assert not empty.figures_box.isVisible()
