"""The catalogue of document templates: built-in ones in resources/templates and the user's own
in the templates/ folder beside the database.

A user template with the same name as a built-in one takes its place (`report --template 年度工作总结`
then uses the chair's edited copy): editing the built-in summary and saving it into the folder is
the ordinary way to adapt it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from unionbook import paths
from unionbook.fileio.templates import TEMPLATE_SUFFIXES, template_keywords, template_variables
from unionbook.services.template_scan import ScanCache, ScannedTemplate


#: How the built-in templates are listed: the yearly documents first, the funds statements, then
#: the ledgers.
BUILTIN_ORDER = (
    "年度工作总结",
    "上半年工作总结",
    "工会统计年报",
    "财务公开",
    "经费收支情况表",
    "会员花名册",
    "集体合同台账",
    "帮扶发放台账",
    "活动台账",
)


class PeriodKind(StrEnum):
    """Which period `--year YYYY` means for a template (its 关键词 property says "期间=…")."""

    YEAR = "年度"
    HALF_YEAR = "上半年"
    STATISTICAL = "统计年度"  # 10月1日 to 9月30日, the 统计年报's

    @classmethod
    def from_keywords(cls, keywords: str) -> PeriodKind:
        for kind in cls:
            if f"期间={kind.value}" in keywords.replace(" ", ""):
                return kind
        return cls.YEAR


@dataclass(frozen=True)
class TemplateInfo:
    name: str  # file name without suffix: what `report --template NAME` takes
    path: Path
    builtin: bool
    variables: frozenset[str]
    error: str | None = None  # why the template cannot be read, if it cannot
    period_kind: PeriodKind = PeriodKind.YEAR
    unknown: frozenset[str] = frozenset()  # variables we do not provide (filled when asked)
    overridden: bool = False  # a built-in replaced by the user's template of the same name

    @property
    def format(self) -> str:
        return self.path.suffix.lstrip(".").lower()


def _is_template_file(path: Path) -> bool:
    # ~$ files are Word's lock files of an open document; dot files are our temporaries.
    return path.suffix.lower() in TEMPLATE_SUFFIXES and not path.name.startswith(("~$", ".")) and path.is_file()


def template_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _is_template_file(p))


def _read_template(path: Path) -> ScannedTemplate:
    kind = PeriodKind.from_keywords(template_keywords(path)).value
    try:
        return ScannedTemplate(kind, frozenset(template_variables(path)))
    except Exception as exc:  # a broken user file is listed with its problem, not fatal
        message = exc.message() if hasattr(exc, "message") else str(exc)
        return ScannedTemplate(kind, frozenset(), message)


def _scan(folder: Path | None, builtin: bool, known: frozenset[str] | None) -> list[TemplateInfo]:
    found = []
    with ScanCache.opened() as cache:
        for path in template_files(folder):
            scanned = cache.get(path) or cache.put(path, _read_template(path))
            if scanned.error is not None:
                found.append(TemplateInfo(path.stem, path, builtin, frozenset(), error=scanned.error,
                                          period_kind=PeriodKind(scanned.kind)))  # fmt: skip
                continue
            unknown = frozenset(scanned.variables - known) if known is not None else frozenset()
            found.append(TemplateInfo(path.stem, path, builtin, scanned.variables, period_kind=PeriodKind(scanned.kind),
                                      unknown=unknown))  # fmt: skip
    return found


def list_templates(user_folder: Path | None, known: Iterable[str] | None = None) -> list[TemplateInfo]:
    """Built-in templates first, then the user's (`user_folder` may not exist yet).

    With `known` (the names a context provides), each template's unknown variables are filled in.
    """
    known_set = frozenset(known) if known is not None else None
    user = _scan(user_folder, builtin=False, known=known_set)
    user_names = {t.name for t in user}
    builtin = [
        replace(t, overridden=t.name in user_names)
        for t in _scan(paths.resource_path("templates"), builtin=True, known=known_set)
    ]
    builtin.sort(key=lambda t: (BUILTIN_ORDER.index(t.name) if t.name in BUILTIN_ORDER else len(BUILTIN_ORDER), t.name))
    return builtin + user


def find_template_file(name: str, user_folder: Path | None) -> Path | None:
    """The template called `name` (with or without suffix): the user's first, then the built-in."""
    wanted = name.strip()
    for folder in (user_folder, paths.resource_path("templates")):
        for path in template_files(folder):
            if wanted in (path.stem, path.name):
                return path
    return None


def template_names(user_folder: Path | None) -> list[str]:
    names = [p.stem for p in template_files(paths.resource_path("templates"))]
    names += [p.stem for p in template_files(user_folder) if p.stem not in names]
    return names
