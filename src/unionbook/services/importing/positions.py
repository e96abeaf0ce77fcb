"""Importing a positions ledger (阵地台账): 阵地名称, 类型, 建成日期/启用日期, 地点, 面积, 示范级别.

Without a 类型 column the kind is read from the name ("一车间职工小家" → 职工小家); 面积 may be
written "60平方米". A position already registered (same kind and name) is updated or skipped.
"""

from __future__ import annotations


from sqlalchemy.orm import Session

from unionbook.domain.union_work import kind_from_name, parse_area
from unionbook.domain.vocab import DemoLevel, PositionKind
from unionbook.services.importing.engine import ParsedRow, Problem, RowContext
from unionbook.services.importing.records import RecordImporter, checked, year_only_warning
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown
from unionbook.services.positions import STORE, PositionInput

POSITION_SPEC = RegisterSpec(
    name="阵地",
    anchor_keys=frozenset({"name"}),
    ignored_headers=("序号", "编号", "状态"),  # 状态 (在用/已停用) follows from 停用日期
    columns=(
        Column("name", "阵地名称", ("名称", "阵地", "站点名称", "阵地名")),
        Column("kind", "类型", ("阵地类型", "类别", "种类"), kind=Kind.CHOICE, vocab=PositionKind, unknown=Unknown.DROP),
        Column("opened_on", "建成日期", ("启用日期", "建立日期", "成立日期", "建成时间", "启用时间", "建设时间"),
               kind=Kind.DATE, allow_year=True),
        Column("closed_on", "停用日期", ("撤销日期", "关闭日期", "停用时间"), kind=Kind.DATE, allow_year=True),
        Column("place", "地点", ("地址", "位置", "所在位置", "所在地点")),
        Column("area", "面积", ("面积（平方米）", "面积(平方米)", "使用面积", "建筑面积", "面积（㎡）")),
        Column("demo_level", "示范级别", ("命名级别", "示范等级", "示范", "级别"), kind=Kind.CHOICE, vocab=DemoLevel,
               unknown=Unknown.DROP),
        Column("notes", "备注", ("说明", "设施情况", "主要设施")),
    ),
)  # fmt: skip


def _rules(session: Session, _matcher: object, row: ParsedRow, ctx: RowContext) -> list[Problem]:
    values = row.values
    name = values.get("name")
    if not name:
        return [Problem(row.row, ctx.header_for("name"), "缺少阵地名称")]
    if not values.get("kind"):
        kind = kind_from_name(name)
        if kind is None:
            return [Problem(row.row, ctx.header_for("kind"), f"缺少类型，“{name}”也看不出是哪类阵地")]
        values["kind"] = kind.value
    if not values.get("opened_on"):
        return [Problem(row.row, ctx.header_for("opened_on"), "缺少建成日期")]
    if values.get("area") is not None:
        try:
            values["area"] = parse_area(str(values["area"]))
        except ValueError as exc:
            return [Problem(row.row, ctx.header_for("area"), str(exc))]
    for key in ("opened_on", "closed_on"):
        year_only_warning(row, ctx, key)
    return checked(session, STORE, row, PositionInput(**{k: v for k, v in values.items() if v is not None}))


IMPORTER = RecordImporter(POSITION_SPEC, _rules, STORE, lambda d: (d.kind, d.name), "positions", "个")
plan_positions, import_positions = IMPORTER.plan, IMPORTER.run
