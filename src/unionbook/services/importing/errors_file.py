"""Where the rejected rows of an import go: the "错误行" workbook the user fixes and imports again.

The rule is one for the window and the command line, so it lives here rather than in either:

- the file is named after the source, `<stem>.错误行.xlsx` (`engine.default_errors_path`), and is
  written beside it, where the user will look for it;
- when that fails (the roster sits on a read-only share or a CD, or last time's errors file is
  still open in Excel, which locks it on Windows) the same name goes into the fallback folder, the
  folder of the database, which the program can always write;
- the ID column is written as text whatever the roster called it, or Excel turns the corrected
  numbers into 4.4E+17 again.

The rule tries the write rather than probing the folder first: a probe cannot see a locked file,
and a folder that looks writable can still refuse. By the time this runs the import has committed,
so a failure here is returned as a value (`ErrorsFile.problem`), never raised: it must not look like
a failed import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from unionbook.domain.cells import clean_text
from unionbook.domain.errors import UnionbookError
from unionbook.services.importing import engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorsFile:
    """Where the rejected rows were written, or why they could not be."""

    #: The written file, or None when neither folder could be written.
    path: Path | None
    #: True when the source's own folder refused and the fallback folder was used.
    fell_back: bool = False
    #: Why the file could not be written beside the source, when it was not written at all.
    problem: str | None = None


def text_headers(plan: engine.ImportPlan) -> set[str]:
    """The headers of the columns to write as text: the ID column under whatever name the roster
    gave it ("证件号码" alone only matches our own header)."""
    id_columns = [i for i, key in plan.mapping.columns.items() if key == "id_number" and i < len(plan.header)]
    return {"证件号码"} | {clean_text(plan.header[i]) or engine.column_letter(i) for i in id_columns}


def write_rejected_rows(plan: engine.ImportPlan, fallback_folder: Path) -> ErrorsFile:
    """Write `plan.rejected` to `<stem>.错误行.xlsx` beside `plan.path`, else in `fallback_folder`."""
    target = engine.default_errors_path(plan.path)
    headers = text_headers(plan)
    # engine.write_errors_file is looked up at each call, so a test can make one folder refuse.
    # Logged at INFO, not WARNING: the caller tells the user, and the console handler would add an
    # English line to the command line's Chinese ones on stderr.
    try:
        return ErrorsFile(engine.write_errors_file(plan, target, headers))
    except (OSError, UnionbookError) as exc:
        log.info("errors file %s not written: %s", target, exc)
        first_problem = exc.message() if isinstance(exc, UnionbookError) else str(exc)
    try:
        fallback = engine.write_errors_file(plan, Path(fallback_folder) / target.name, headers)
    except (OSError, UnionbookError) as exc:
        log.info("errors file not written in the fallback folder either: %s", exc)
        return ErrorsFile(None, problem=first_problem)
    return ErrorsFile(fallback, fell_back=True)
