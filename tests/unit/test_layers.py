"""The layer rules of DESIGN.md, kept by import-linter, and no import cycles anywhere.

The contracts live in pyproject.toml ([tool.importlinter]): ui → services → {db, fileio} → domain,
Qt only in ui and app, no SQLAlchemy below db, no Session in the UI, no cycles between sibling
packages. They replace a hand-made scan of `import` statements that missed relative imports and
could not follow a chain of imports; grimp, which import-linter builds on, resolves both, and
counts imports inside functions and under `if TYPE_CHECKING:` too.

`lint-imports` runs once, in a subprocess (it is a console program that prints its report), from
the virtual environment running the tests; each contract is then its own test, failing with that
contract's part of the report. The module-by-module cycle check uses grimp directly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
CONTRACTS: list[dict] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def _lint_imports_executable() -> Path:
    scripts = Path(sys.executable).parent
    for name in ("lint-imports", "lint-imports.exe"):
        if (scripts / name).exists():
            return scripts / name
    pytest.fail(f"lint-imports is not installed next to {sys.executable}: pip install -e .[test]")


@pytest.fixture(scope="module")
def lint_report() -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # Analyse this checkout's src/, whatever else is installed; wide and plain output, so that
    # every contract's summary stays on one line.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.update(COLUMNS="1000", NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [str(_lint_imports_executable()), "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def _broken_section(report: str, name: str) -> str:
    """The part of the report under "Broken contracts" that belongs to contract `name`."""
    lines = report.splitlines()
    names = {contract["name"] for contract in CONTRACTS}

    def heading(index: int) -> bool:
        return lines[index] in names and index + 1 < len(lines) and set(lines[index + 1]) == {"-"}

    try:
        broken = lines.index("Broken contracts")
        start = next(i for i in range(broken, len(lines)) if lines[i] == name and heading(i))
    except (ValueError, StopIteration):
        return report  # not where expected (a configuration error?): show everything
    end = next((i for i in range(start + 2, len(lines)) if heading(i)), len(lines))
    return "\n".join(lines[start:end]).strip()


def test_the_contracts_are_configured() -> None:
    types = {contract["type"] for contract in CONTRACTS}
    assert {"layers", "forbidden", "acyclic_siblings"} <= types
    assert len({contract["id"] for contract in CONTRACTS}) == len(CONTRACTS)


def test_lint_imports_runs(lint_report: subprocess.CompletedProcess[str]) -> None:
    """A configuration error or an unknown module fails here (the per-contract tests would only
    say that the contract is missing from the summary)."""
    assert "Contracts:" in lint_report.stdout, lint_report.stdout + lint_report.stderr


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda contract: contract["id"])
def test_import_contract_is_kept(lint_report: subprocess.CompletedProcess[str], contract: dict) -> None:
    summary = lint_report.stdout.splitlines()
    if f"{contract['name']} KEPT" in summary:
        return
    report = _broken_section(lint_report.stdout, contract["name"])
    pytest.fail(f"import contract {contract['id']!r} broken:\n\n{report}", pytrace=False)


# ----------------------------------------------------------------------------- module by module


def module_cycles(graph: grimp.ImportGraph, package: str = "unionbook") -> list[tuple[str, ...]]:
    """One shortest cycle through each ring of `package`'s modules that import one another.

    A ring is a strongly connected set: the modules that both import (through any chain) and are
    imported by a given module. Reported once, starting from its first module in sorted order.
    """
    internal = sorted(module for module in graph.modules if module == package or module.startswith(package + "."))
    seen: set[str] = set()
    cycles = []
    for module in internal:
        if module in seen:
            continue
        ring = graph.find_upstream_modules(module) & graph.find_downstream_modules(module)
        if not ring:
            continue
        seen |= ring | {module}
        step = min(ring & graph.find_modules_directly_imported_by(module))
        back = graph.find_shortest_chain(importer=step, imported=module)
        assert back is not None
        cycles.append((module, *back[:-1]))
    return cycles


def describe_cycle(graph: grimp.ImportGraph, cycle: tuple[str, ...]) -> str:
    steps = []
    for importer, imported in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
        details = graph.get_import_details(importer=importer, imported=imported)
        lines = sorted(detail["line_number"] for detail in details)
        steps.append(f"  {importer} (line {', '.join(map(str, lines))}) imports {imported}")
    return "\n".join(steps)


def test_no_import_cycles_between_modules() -> None:
    graph = grimp.build_graph("unionbook", include_external_packages=True, cache_dir=None)
    assert len([module for module in graph.modules if module.startswith("unionbook.")]) > 50
    cycles = module_cycles(graph)
    if cycles:
        pytest.fail("import cycles:\n" + "\n\n".join(describe_cycle(graph, cycle) for cycle in cycles), pytrace=False)


def test_the_cycle_check_sees_a_cycle_hidden_in_a_function() -> None:
    """The check itself: an import inside a function closing a ring is reported, with its line."""
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b", line_number=3, line_contents="from pkg.b import x")
    graph.add_import(importer="pkg.b", imported="pkg.c", line_number=5, line_contents="from pkg import c")
    graph.add_import(importer="pkg.c", imported="pkg.a", line_number=40, line_contents="    from pkg.a import y")
    cycles = module_cycles(graph, "pkg")
    assert len(cycles) == 1 and set(cycles[0]) == {"pkg.a", "pkg.b", "pkg.c"}
    assert "pkg.c (line 40) imports pkg.a" in describe_cycle(graph, cycles[0])
