"""The catalogue of document templates: built-in ones in resources/templates and the user's own
in the templates/ folder beside the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unionbook import paths
from unionbook.fileio.templates import TEMPLATE_SUFFIXES, template_variables


@dataclass(frozen=True)
class TemplateInfo:
    name: str  # file name without suffix: what `report --template NAME` takes
    path: Path
    builtin: bool
    variables: frozenset[str]
    error: str | None = None  # why the template cannot be read, if it cannot

    @property
    def format(self) -> str:
        return self.path.suffix.lstrip(".").lower()


def _scan(folder: Path, builtin: bool) -> list[TemplateInfo]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in TEMPLATE_SUFFIXES or path.name.startswith(("~$", ".")):
            continue  # ~$ files are Word's lock files of an open document
        try:
            found.append(TemplateInfo(path.stem, path, builtin, frozenset(template_variables(path))))
        except Exception as exc:  # a broken user file is listed with its problem, not fatal
            found.append(TemplateInfo(path.stem, path, builtin, frozenset(), error=str(exc)))
    return found


def list_templates(user_folder: Path | None) -> list[TemplateInfo]:
    """Built-in templates first, then the user's (`user_folder` may not exist yet)."""
    builtin = _scan(paths.resource_path("templates"), builtin=True)
    user = _scan(user_folder, builtin=False) if user_folder else []
    return builtin + user
