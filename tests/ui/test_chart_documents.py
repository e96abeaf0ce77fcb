"""Charts in documents: the demo union's 年度工作总结 holds the chart pictures, painted by the
window's chart code whether made on the command line or on the 文档 page's worker thread."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from unionbook.app import main
from unionbook.services import documents
from unionbook.services.charts import compute_charts
from unionbook.services.database import Database
from unionbook.services.figures import Period
from unionbook.ui.application import create_application
from unionbook.ui.charts.images import render_charts
from unionbook.ui.tasks import run_in_background


def pictures_in(path: Path) -> tuple[list[str], int]:
    """The PNG files in the .docx and the number of drawings its body shows."""
    with zipfile.ZipFile(path) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/") and n.endswith(".png"))
        body = package.read("word/document.xml").decode("utf-8")
    return media, len(re.findall(r"<w:drawing>", body))


def test_the_variables_catalogue_lists_the_charts() -> None:
    names = {v.name: v for v in documents.variable_catalogue()}
    assert names["图表_会员年龄结构"].group == "图表"
    assert "年龄段" in names["图表_会员年龄结构"].description


def test_demo_annual_summary_from_the_command_line_has_its_charts(demo_db: Database, tmp_path: Path) -> None:
    create_application()
    path = demo_db.path
    demo_db.close()  # the command opens (and locks) the database itself
    output = tmp_path / "总结.docx"
    assert main(["--db", str(path), "report", "--year", "2025", "--template", "年度工作总结", "-o", str(output)]) == 0
    media, drawings = pictures_in(output)
    # 会员五年趋势, 帮扶项目分布 and 活动月度分类: the demo union has members, aid and activities.
    assert len(media) == 3 and drawings == 3
    with zipfile.ZipFile(output) as package:
        first = package.read(media[0])
    assert first.startswith(b"\x89PNG") and len(first) > 10_000  # a painted chart, not an empty image


def test_a_document_made_on_a_worker_thread_gets_its_charts_painted(qtbot, demo_db: Database, tmp_path: Path) -> None:
    create_application()
    output = tmp_path / "总结.docx"
    factory = demo_db.session_factory
    results: list[Path] = []

    def work(_progress: object, _cancelled: object) -> Path:
        return documents.render(factory, "年度工作总结", Period.year(2024), output, chart_images=render_charts)

    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    task = run_in_background(parent, "正在生成……", work, quiet=True).success(results.append)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        task.start()
    assert results == [output]
    assert pictures_in(output)[1] == 3


def test_without_a_painter_the_charts_are_left_out(demo_db: Database, tmp_path: Path) -> None:
    """A caller of the services alone (no Qt) still gets the document's text, without pictures."""
    output = tmp_path / "总结.docx"
    documents.render(demo_db.session_factory, "年度工作总结", Period.year(2025), output)
    assert pictures_in(output) == ([], 0)


def test_chart_images_are_the_charts_of_the_period(demo_db: Database) -> None:
    create_application()
    charts = compute_charts(demo_db.session_factory, Period.year(2025), frozenset({"会员年龄结构", "会员性别结构"}))
    images = render_charts(list(charts.values()))
    assert set(images) == {"会员年龄结构", "会员性别结构"}
    assert all(png.startswith(b"\x89PNG") for png in images.values())
