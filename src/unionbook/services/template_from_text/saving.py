"""What the review dialog does with its result: the values a slot would take for a year, the
template saved among the chair's own templates, and the document made from it at once."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import InputError
from unionbook.services import documents
from unionbook.services.figures import Period, compute
from unionbook.services.template_from_text.analysis import Analysis, write_template

_NOT_IN_NAMES = '\\/:*?"<>|'


def year_values(factory: sessionmaker[Session], year: int) -> dict[str, Any]:
    """Every figure for the calendar year, as a template reads them (a summary is yearly)."""
    return dict(compute(factory, Period.year(year)))


def user_template_path(db: Any, name: str) -> Path:
    """Where a user template called `name` lives (templates/ beside the database)."""
    clean = name.strip()
    if not clean or any(c in _NOT_IN_NAMES for c in clean):
        raise InputError(detail=f"模板名称不能为空，也不能含有 {_NOT_IN_NAMES} 这些字符：{name}")
    return db.files_dir("templates") / f"{clean}.docx"


def save_user_template(
    db: Any, analysis: Analysis, name: str, choices: Mapping[int, str | None] | None = None, *, replace: bool = False
) -> Path:
    """Write the template and add it to the chair's templates (checked as any template she adds)."""
    target = user_template_path(db, name)
    with tempfile.TemporaryDirectory(prefix="unionbook-template-") as folder:
        written = write_template(analysis, Path(folder) / target.name, choices)
        return documents.add_user_template(db, written, replace=replace)


def generate_now(db: Any, template: Path, year: int) -> Path:
    """The document for `year` from the saved template, into documents/ beside the database,
    next to (never over) a file of the same name."""
    from unionbook.services.document_plan import free_name

    period = Period.year(year)
    folder: Path = db.files_dir("documents")
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / documents.document_name(template.stem, period, ".docx")
    if output.exists():
        output = free_name(output)
    return documents.render(db.session_factory, template, period, output, user_folder=db.files_dir("templates"))
