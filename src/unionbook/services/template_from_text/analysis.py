"""Last year's summary in, a template out: the slots of every paragraph, what each becomes, and
the template with each accepted slot replaced by its figure's variable and filter.

    analysis = analyse_file(Path("2024年工作总结.docx"))
    write_template(analysis, Path("我的总结模板.docx"))           # every proposal as decided
    write_template(analysis, out, {3: "送温暖人数", 7: None})      # the chair's choices on top

The filter follows the text (issue #16): "3.2万元" → {{送温暖金额|万元}}万元, "2,000元" →
{{金秋助学金额|金额}} (which writes its own 元 or 万元), "X余名" → {{…|约数}}名, "x多人次" →
{{…|约数("多")}}人次, "六次" → {{…|中文数字}}次, "1,200人" → {{…|千分位}}人, "90%" → {{入会率|百分比}}.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unionbook.domain.errors import InputError
from unionbook.fileio.docx_text import DocxText
from unionbook.fileio.rendering import sandboxed_environment
from unionbook.fileio.summary_files import LEGACY_SUFFIXES, TEXT_SUFFIXES, convert_to_docx, read_text_file
from unionbook.services.figures import Figure, figure_by_name
from unionbook.services.template_from_text.matching import Decision, decide
from unionbook.services.template_from_text.rules import RuleTable, default_table
from unionbook.services.template_from_text.slots import Slot, SlotFinder, SlotKind

PASTED = "粘贴的文字"
#: A paragraph this short without numbers, just before others, reads as their heading
#: ("（二）冬送温暖"), and is context for them.
HEADING_CHARS = 30


@dataclass(frozen=True)
class Proposal:
    """One numeric slot of the summary and what the analysis proposes for it."""

    number: int  # 1, 2, … in document order: how the chair's choices name it
    paragraph: int
    where: str
    slot: Slot
    decision: Decision
    written: str  # the slot as written, number to unit: "56名", "X余名", "3.2万元"

    @property
    def figure(self) -> str | None:
        return self.decision.figure.name if self.decision.figure else None


@dataclass
class Analysis:
    name: str  # the file's name, or 粘贴的文字
    paragraphs: list[str]
    proposals: list[Proposal]
    _load: Callable[[], DocxText] = field(repr=False)

    def choices(self) -> dict[int, str | None]:
        """The figure each slot gets as proposed (None: stays as written)."""
        return {p.number: p.figure for p in self.proposals}

    @property
    def mapped(self) -> list[Proposal]:
        return [p for p in self.proposals if p.figure]

    @property
    def unmatched(self) -> list[Proposal]:
        return [p for p in self.proposals if not p.figure]


def _finder(table: RuleTable) -> SlotFinder:
    return SlotFinder(table.written_units(), table.not_before, list(table.not_slots))


def _analyse(name: str, load: Callable[[], DocxText], table: RuleTable | None = None) -> Analysis:
    table = table or default_table()
    finder = _finder(table)
    document = load()
    proposals: list[Proposal] = []
    heading = ""
    for index, paragraph in enumerate(document.paragraphs):
        text = paragraph.text
        slots = finder.find(text)
        lead = " ".join(part for part in (paragraph.row, "" if paragraph.row else heading) if part)
        for n, slot in enumerate(slots):
            decision = decide(text, slots, n, table, lead)
            written = text[slot.start : slot.span_end]
            proposals.append(Proposal(len(proposals) + 1, index, paragraph.where, slot, decision, written))
        stripped = text.strip()
        if stripped and not paragraph.row:
            heading = stripped if not slots and len(stripped) <= HEADING_CHARS else ""
    return Analysis(name, [p.text for p in document.paragraphs], proposals, load)


def analyse_docx_bytes(name: str, data: bytes, table: RuleTable | None = None) -> Analysis:
    from docx import Document

    return _analyse(name, lambda: DocxText(Document(io.BytesIO(data))), table)


def analyse_text(text: str, name: str = PASTED, table: RuleTable | None = None) -> Analysis:
    """Pasted or plain text: one paragraph per line (a new .docx in the official body font)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(line.strip() for line in lines):
        raise InputError(detail=f"“{name}”中没有文字")
    return _analyse(name, lambda: DocxText.from_lines(lines), table)


def analyse_file(path: Path, table: RuleTable | None = None) -> Analysis:
    """A .docx, a .doc/.wps (through LibreOffice), or a UTF-8/GBK text file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        DocxText.open(path)  # checks size, zip and that python-docx can read it, with our messages
        return analyse_docx_bytes(path.name, path.read_bytes(), table)
    if suffix in LEGACY_SUFFIXES:
        with tempfile.TemporaryDirectory(prefix="unionbook-summary-") as folder:
            converted = convert_to_docx(path, Path(folder))
            DocxText.open(converted)
            return analyse_docx_bytes(path.name, converted.read_bytes(), table)
    if suffix in TEXT_SUFFIXES or not suffix:
        return analyse_text(read_text_file(path), path.name, table)
    raise InputError(detail=f"不能读取“{path.name}”：请选择 .docx、.doc、.wps 或 .txt 文件，或直接粘贴文字")


# ------------------------------------------------------------------------------ variables


def expression(slot: Slot, figure: Figure) -> tuple[int, int, str]:
    """(start, end, template text) replacing the slot's number — with its 余/多, and with its unit
    when the filter writes the unit itself (金额 writes 元/万元, 百分比 writes %)."""
    name = figure.name
    number_end = slot.end + len(slot.approx)
    if slot.unit == "万元":
        if slot.approx:
            return slot.start, number_end, f"{{{{{name}|万元|约数}}}}"
        if slot.inner_approx:  # "3万余元": the 余 stays where it was written
            return slot.start, slot.end, f'{{{{{name}|万元|约数("")}}}}'
        return slot.start, slot.end, f"{{{{{name}|万元}}}}"
    if slot.unit == "元":
        if slot.approximate:
            return slot.start, number_end, f"{{{{{name}|约数}}}}"
        return slot.start, slot.span_end, f"{{{{{name}|金额}}}}"
    if slot.unit == "%":
        return slot.start, slot.span_end, f"{{{{{name}|百分比}}}}"
    if slot.approx:
        word = "" if slot.approx == "余" else f'("{slot.approx}")'
        return slot.start, number_end, f"{{{{{name}|约数{word}}}}}"
    if slot.kind is SlotKind.CHINESE:
        return slot.start, slot.end, f"{{{{{name}|中文数字}}}}"
    if slot.thousands:
        return slot.start, slot.end, f"{{{{{name}|千分位}}}}"
    return slot.start, slot.end, f"{{{{{name}}}}}"


def preview(proposal: Proposal, figure_name: str | None, values: Mapping[str, Any]) -> str:
    """The slot as the document will read with `values` ("7名", "1.05万元"); as written without a figure."""
    figure = figure_by_name(figure_name) if figure_name else None
    if figure is None or figure.name not in values:
        return proposal.written
    _start, end, template = expression(proposal.slot, figure)
    filled = sandboxed_environment(autoescape=False).from_string(template).render(dict(values))
    slot = proposal.slot
    return filled + proposal.written[end - slot.start :]


def _chosen(analysis: Analysis, choices: Mapping[int, str | None] | None) -> dict[int, Figure]:
    wanted = analysis.choices()
    if choices:
        wanted.update(choices)
    chosen: dict[int, Figure] = {}
    for number, name in wanted.items():
        if not name:
            continue
        figure = figure_by_name(name)
        if figure is None:
            raise InputError(detail=f"没有名为“{name}”的指标")
        chosen[number] = figure
    return chosen


def build(analysis: Analysis, choices: Mapping[int, str | None] | None = None) -> DocxText:
    """The template in memory: each chosen slot replaced by its variable."""
    chosen = _chosen(analysis, choices)
    document = analysis._load()
    by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    for proposal in analysis.proposals:
        figure = chosen.get(proposal.number)
        if figure is not None:
            by_paragraph.setdefault(proposal.paragraph, []).append(expression(proposal.slot, figure))
    for index, spans in by_paragraph.items():
        document.replace(index, spans)
    document.document.core_properties.comments = f"由“{analysis.name}”生成的模板（从往年总结生成模板）"
    return document


def write_template(analysis: Analysis, output: Path, choices: Mapping[int, str | None] | None = None) -> Path:
    """Write the template (replacing `output` only when all went well) and check it as any user
    template is checked, so that what is written can be filled."""
    from unionbook.services.documents import check_template_file

    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise InputError(detail=f"模板应保存为 .docx 文件：{output.name}")
    if not output.parent.is_dir():
        raise InputError(detail=f"无法写入“{output.name}”：文件夹 {output.parent} 不存在")
    written = build(analysis, choices).save(output)
    check_template_file(written)
    return written


def template_name_for(source: str) -> str:
    """The user template's default name: "2024年工作总结" → "工作总结（我的）"."""
    stem = Path(source).stem if source != PASTED else "工作总结"
    stem = re.sub(r"^\s*20\d\d\s*年(度)?", "", stem).strip() or "工作总结"
    return f"{stem}（我的）"


def report(analysis: Analysis, choices: Mapping[int, str | None] | None = None) -> dict[str, Any]:
    """Every numeric slot with its context, the chosen figure (or none), the reason and a confidence."""
    chosen = _chosen(analysis, choices)
    slots = []
    for p in analysis.proposals:
        figure = chosen.get(p.number)
        by_hand = figure is not None and figure.name != p.figure or (figure is None and p.figure is not None)
        entry: dict[str, Any] = {
            "序号": p.number,
            "位置": p.where,
            "原文": p.written,
            "数字": p.slot.text,
            "类型": p.slot.kind.value,
            "单位": p.slot.unit,
            "约数": p.slot.approx or p.slot.inner_approx or "",
            "数值": None if p.slot.value is None else float(p.slot.value) if p.slot.value % 1 else int(p.slot.value),
            "上下文": p.decision.context,
            "指标": figure.name if figure else None,
            "变量": expression(p.slot, figure)[2] if figure else None,
            "理由": "手工指定" if by_hand and figure else "手工取消" if by_hand else p.decision.reason,
            "置信度": 1.0 if by_hand else p.decision.confidence,
        }
        if p.decision.candidates:
            entry["可能的指标"] = list(p.decision.candidates)
        slots.append(entry)
    return {
        "来源": analysis.name,
        "数字个数": len(slots),
        "已对应": sum(1 for s in slots if s["指标"]),
        "未对应": sum(1 for s in slots if not s["指标"]),
        "数字": slots,
    }
