"""The layer rule of DESIGN.md: ui → services → {db, fileio} → domain, and only ui/ imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "unionbook"

#: For each layer, the project packages it must not import.
FORBIDDEN = {
    "domain": ("unionbook.db", "unionbook.fileio", "unionbook.services", "unionbook.ui", "unionbook.cli"),
    "db": ("unionbook.fileio", "unionbook.services", "unionbook.ui", "unionbook.cli"),
    "fileio": ("unionbook.db", "unionbook.services", "unionbook.ui", "unionbook.cli"),
    "services": ("unionbook.ui", "unionbook.cli"),
    # The UI calls services and gets plain values back; it never holds a Session or a query.
    "ui": ("unionbook.db", "sqlalchemy", "unionbook.cli"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_files_to_check() -> None:
    assert len(python_files()) > 20


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_rules(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    modules = imported_modules(path)
    if relative.parts[0] not in ("ui", "app.py"):
        assert not any(m == "PySide6" or m.startswith("PySide6.") for m in modules), "only ui/ may import PySide6"
    forbidden = FORBIDDEN.get(relative.parts[0], ())
    bad = sorted(m for m in modules if m.startswith(forbidden))
    assert not bad, f"{relative} imports {bad}"
