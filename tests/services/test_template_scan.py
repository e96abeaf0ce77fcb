"""文档 lists the templates from what an earlier listing found in them, and reads a template again
as soon as the chair changes it (services/template_scan.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from docx import Document

from unionbook import paths
from unionbook.services import templates
from unionbook.services.template_scan import CACHE_NAME


def _docx(path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def _listed(folder: Path) -> dict[str, templates.TemplateInfo]:
    return {t.name: t for t in templates.list_templates(folder) if not t.builtin}


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> set[str]:
        raise AssertionError(f"{path.name} was parsed again")

    monkeypatch.setattr(templates, "template_variables", refuse)


def test_a_second_listing_reads_no_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _docx(tmp_path / "简报.docx", "{{工会名称}}：会员{{会员总数}}人")
    first = _listed(tmp_path)
    _no_reading(monkeypatch)
    again = templates.list_templates(tmp_path)
    assert {t.name: t.variables for t in again if not t.builtin} == {"简报": {"工会名称", "会员总数"}}
    assert first["简报"].variables == {"工会名称", "会员总数"}
    assert next(t for t in again if t.name == "工会统计年报").period_kind == templates.PeriodKind.STATISTICAL


def test_an_edited_template_is_read_again(tmp_path: Path) -> None:
    path = _docx(tmp_path / "简报.docx", "会员{{会员总数}}人")
    assert _listed(tmp_path)["简报"].variables == {"会员总数"}
    _docx(path, "会员{{会员总数}}人，帮扶{{帮扶慰问总人次}}人次，入会率{{入会率}}")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert _listed(tmp_path)["简报"].variables == {"会员总数", "帮扶慰问总人次", "入会率"}


def test_a_broken_template_keeps_its_message_until_it_is_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _docx(tmp_path / "坏模板.docx", "会员{{会员总数人")
    message = _listed(tmp_path)["坏模板"].error
    assert message is not None and "坏模板.docx" in message
    with monkeypatch.context() as patched:
        _no_reading(patched)
        assert _listed(tmp_path)["坏模板"].error == message
    _docx(path, "会员{{会员总数}}人")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    fixed = _listed(tmp_path)["坏模板"]
    assert fixed.error is None and fixed.variables == {"会员总数"}


@pytest.mark.parametrize("stored", ["不是 JSON", json.dumps({"version": "0.0.1", "templates": {}}), json.dumps([1, 2])])
def test_a_damaged_or_older_cache_is_scanned_again(tmp_path: Path, stored: str) -> None:
    _docx(tmp_path / "简报.docx", "{{会员总数}}")
    (paths.cache_dir() / CACHE_NAME).write_text(stored, encoding="utf-8")
    assert _listed(tmp_path)["简报"].variables == {"会员总数"}
    kept = json.loads((paths.cache_dir() / CACHE_NAME).read_text(encoding="utf-8"))
    assert str((tmp_path / "简报.docx").resolve()) in kept["templates"]


def test_a_cache_folder_that_refuses_writes_changes_nothing_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _docx(tmp_path / "简报.docx", "{{会员总数}}")
    monkeypatch.setattr(paths, "cache_dir", lambda: tmp_path / "没有这个文件夹")
    assert _listed(tmp_path)["简报"].variables == {"会员总数"}
    assert _listed(tmp_path)["简报"].variables == {"会员总数"}


def test_a_cache_folder_that_cannot_be_made_changes_nothing_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file where the cache folder should be (or no right to make it): 文档 still lists, scanning."""
    _docx(tmp_path / "简报.docx", "{{会员总数}}")
    in_the_way = tmp_path / "缓存"
    in_the_way.write_text("不是文件夹", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(in_the_way))
    monkeypatch.setenv("LOCALAPPDATA", str(in_the_way))
    assert _listed(tmp_path)["简报"].variables == {"会员总数"}
    assert _listed(tmp_path)["简报"].variables == {"会员总数"}
    assert in_the_way.read_text(encoding="utf-8") == "不是文件夹"
