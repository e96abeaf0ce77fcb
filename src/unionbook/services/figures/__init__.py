"""The figures engine: every figure of FIGURES.md, computed for a period from the four registers.

    from unionbook.services.figures import FIGURES, Period, compute, compute_with_comparison
    compute(db.session_factory, Period.year(2024))["会员总数"]  # the window, documents: ORM sessions
    compute(db.connect, Period.year(2024))["会员总数"]  # the CLI: a plain Core connection

The engine selects columns of the Core tables (db/tables/), so importing it, or computing through
a connection, never imports SQLAlchemy's ORM (issue 17: `unionbook figures` starts without it).

`FIGURES` describes each figure (key, Chinese name, unit, description, register, flow);
`compute` gives every value keyed by Chinese name; `compute_with_comparison` adds 上年F and F同比
(and F同比百分点 for rates);
`compute_lists` gives the four lists for templates (`LISTS` names their columns).
"""

from unionbook.services.figures.comparison import POINTS_SUFFIX, compute_with_comparison, points_text, yoy_text
from unionbook.services.figures.figure import REGISTERS, UNITS, Figure, format_value
from unionbook.services.figures.lists import LISTS, compute_lists
from unionbook.services.figures.period import Period
from unionbook.services.figures.registry import FIGURES, compute, figure_by_name

__all__ = [
    "FIGURES",
    "LISTS",
    "POINTS_SUFFIX",
    "REGISTERS",
    "UNITS",
    "Figure",
    "Period",
    "compute",
    "compute_lists",
    "compute_with_comparison",
    "figure_by_name",
    "format_value",
    "points_text",
    "yoy_text",
]
