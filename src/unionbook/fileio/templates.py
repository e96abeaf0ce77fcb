"""Reading the variables a .docx or .xlsx template uses, without rendering it.

Parsing happens in a sandboxed Jinja environment (DESIGN.md, Known traps): a template is a user's
file and may contain anything.
"""

from __future__ import annotations

from pathlib import Path

import jinja2.meta
from jinja2.sandbox import SandboxedEnvironment

TEMPLATE_SUFFIXES = (".docx", ".xlsx")


def sandboxed_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def template_variables(path: Path) -> set[str]:
    """Names the template reads from its context ({{会员总数}}, {% for r in 活动列表 %} ...)."""
    path = Path(path)
    env = sandboxed_environment()
    if path.suffix.lower() == ".docx":
        from docxtpl import DocxTemplate  # heavy import, only when a .docx is inspected

        return set(DocxTemplate(str(path)).get_undeclared_template_variables(jinja_env=env))
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        names: set[str] = set()
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            for sheet in workbook.worksheets:
                sheet.reset_dimensions()  # trust the cells, not the declared size (WPS files)
                for row in sheet.iter_rows(values_only=True):
                    for value in row:
                        if isinstance(value, str) and ("{{" in value or "{%" in value):
                            names |= jinja2.meta.find_undeclared_variables(env.parse(value))
        finally:
            workbook.close()
        return names
    raise ValueError(f"不支持的模板格式：{path.suffix}（应为 .docx 或 .xlsx）")
