"""困难职工建档申请表: one hardship file filled into our built-in per-person form (.docx).

The upper union asks for this form with every new file (海南's 建档申请表 is the model: the worker,
the household, the causes, then the approval chain from the applicant to the upper union). The
chair used to copy the same facts from the register onto the form by hand; here they come from the
file, the member and the union's profile.

This is a per-person form, not a report: it is rendered directly with `render_docx` and kept out
of the `report` command's template catalogue (it lives in resources/templates/forms/, which the
catalogue does not scan), because its variables are a person's fields, not figure names.

ID numbers (the worker's and the family's) and the phone are masked unless the caller asks: a form
printed for the notice board or sent by e-mail should not carry them; the copy signed for the
upper union's 审核 can (show_id=True).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook import paths
from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import HardshipCategory, HardshipCause, labels
from unionbook.fileio.docx_render import render_docx
from unionbook.services import audit, members
from unionbook.services.aid import get_hardship_file
from unionbook.services.union import get_profile

TEMPLATE_NAME = "困难职工建档申请表.docx"
#: The form prints at least this many family rows, blank ones included, so a member the register
#: lacks can be written in by hand.
MIN_FAMILY_ROWS = 4
CHECKED, UNCHECKED = "☑", "□"


def template_path() -> Path:
    return paths.resource_path("templates", "forms", TEMPLATE_NAME)


def _ticks(options: list[str], chosen: set[str]) -> str:
    """"☑因病　□因残 …": the way paper forms offer a closed list."""
    # Two narrow spaces, not an ideographic one: all nine causes must fit on one line of the form.
    return "  ".join(f"{CHECKED if o in chosen else UNCHECKED}{o}" for o in options)


def _chinese_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def hardship_form_context(
    factory: sessionmaker[Session], file_id: int, *, show_id: bool = False, today: date | None = None
) -> dict[str, Any]:
    """The form's variables (plain values only, as render_docx requires)."""
    row = get_hardship_file(factory, file_id)
    person = members.get_member(factory, row.data.member_id).data
    profile = get_profile(factory)
    data = row.data

    def number(value: str | None) -> str:
        return (value or "") if show_id else mask_id_number(value)

    family = [
        {
            "姓名": m.name,
            "关系": m.relation,
            "身份证号": number(m.id_number),
            "月收入": format_yuan(m.income_fen) if m.income_fen is not None else "",
            "健康状况": m.health,
            "就学就业": m.school_or_work,
        }
        for m in data.family
    ]
    blank = dict.fromkeys(("姓名", "关系", "身份证号", "月收入", "健康状况", "就学就业"), "")
    family += [dict(blank) for _ in range(MIN_FAMILY_ROWS - len(family))]
    birth = person.birth_date
    income = data.income_per_capita_fen
    return {
        "工会名称": profile.display_name,
        "工作单位": profile.unit_name or profile.display_name,
        "申请日期": _chinese_date(today or date.today()),
        "姓名": person.name,
        "性别": person.gender or "",
        "出生年月": f"{birth.year}年{birth.month}月" if birth else "",
        "民族": person.ethnicity,
        "身份证号": number(person.id_number),
        "政治面貌": person.political_status,
        "部门": person.department,
        "岗位": person.position,
        "联系电话": (person.phone or "") if show_id else mask_phone(person.phone),
        "户籍所在地": person.hukou_place,
        "会员卡号": person.member_card_no,
        "困难类别": data.category,
        "困难类别勾选": _ticks(labels(HardshipCategory), {data.category}),
        "致困原因": "、".join(data.causes),
        "致困原因勾选": _ticks(labels(HardshipCause), set(data.causes)),
        "家庭人口": "" if data.household_size is None else str(data.household_size),
        "人均月收入": "" if income is None else format_yuan(income),
        "建档日期": _chinese_date(data.opened_on),
        "帮扶措施": data.measures,
        "情况说明": data.notes,
        "家庭成员": family,
    }


def fill_hardship_form(
    factory: sessionmaker[Session],
    file_id: int,
    output: Path,
    *,
    show_id: bool = False,
    today: date | None = None,
    template: Path | None = None,
) -> Path:
    """Fill the 建档申请表 for one file into `output` (.docx); returns the path written."""
    context = hardship_form_context(factory, file_id, show_id=show_id, today=today)
    source = template or template_path()
    written = render_docx(source, context, Path(output), display_name=source.name)
    # The worker and each family member named on the form.
    people = 1 + sum(1 for m in context["家庭成员"] if m["姓名"])
    audit.record_export(factory, audit.ExportKind.HARDSHIP_FORM, people, show_id, written, row_id=file_id)
    return written
