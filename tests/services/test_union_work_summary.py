"""The built-in 年度工作总结 writes the honors, positions, rights and mutual-aid figures in their
sections, and its 【请补充】 prompts drop exactly what those registers answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document

from unionbook.db.models import Activity, CollectiveContract, Honor, Member, MutualAidEnrollment, Position, RightsCase
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.figures import Period

D = date


def summary(database: Database, folder: Path) -> list[str]:
    path = documents.render(database.session_factory, "年度工作总结", Period.year(2024), folder / "总结.docx",
                            today=D(2025, 1, 20))  # fmt: skip
    return [p.text for p in Document(path).paragraphs if p.text.strip()]


def test_an_empty_union_keeps_every_prompt(db: Database, tmp_path: Path) -> None:
    text = "\n".join(summary(db, tmp_path))
    assert "【请补充：工会委员会换届或增补、工会干部培训、“职工之家”建设等情况。】" in text
    assert "【请补充：工资集体协商、劳动法律监督、劳动争议调解、职工诉求办理等情况。】" in text
    assert "【请补充：竞赛获奖、劳模和先进典型、职工技术创新成果等情况。】" in text
    assert "阵地" not in text and "法律咨询" not in text and "劳动模范" not in text and "互助保障" not in text


def test_the_registers_fill_their_sections(db: Database, tmp_path: Path) -> None:
    with db.session_factory.begin() as s:
        a = Member(name="甲", is_migrant_worker=False)
        s.add(a)
        s.flush()
        s.add_all([
            Position(kind="职工之家", name="公司职工之家", opened_on=D(2010, 1, 1)),
            Position(kind="户外劳动者爱心驿站", name="驿站", opened_on=D(2024, 6, 1)),
            RightsCase(kind="法律咨询", opened_on=D(2024, 3, 1), closed_on=D(2024, 3, 1), outcome="已解决", request="加班费"),
            RightsCase(kind="劳动争议调解", opened_on=D(2024, 5, 1), closed_on=D(2024, 5, 20), outcome="调解成功", request="补偿"),
            Honor(kind="劳动模范", title="区劳动模范", level="县区级", awarded_on=D(2024, 4, 28), recipient="个人", member_id=a.id),
            Honor(kind="工人先锋号", title="区工人先锋号", level="县区级", awarded_on=D(2024, 4, 28), recipient="班组",
                  collective="数控班"),
            MutualAidEnrollment(member_id=a.id, year=2024, plan="住院", contribution_fen=6000),
            Activity(name="体检", category="职工体检/疗休养", start_date=D(2024, 9, 2), participants=120),
            CollectiveContract(kind="工资专项集体合同", title="区域工资专项", effective_from=D(2024, 1, 1),
                               effective_to=D(2024, 12, 31), covered_enterprises=12, covered_employees=900),
        ])  # fmt: skip
    lines = summary(db, tmp_path)
    text = "\n".join(lines)
    # 一: positions at E, and the prompt without 职工之家
    assert "加强职工服务阵地建设，截至2024年12月31日，建有职工之家1个、户外劳动者爱心驿站1个，全年新建职工服务阵地1个。" in lines
    assert "【请补充：工会委员会换届或增补、工会干部培训等情况。】" in lines
    # 二: a regional wage contract names its enterprises; cases; the prompt keeps 职工诉求 (no request recorded)
    assert "工资专项集体合同一份，覆盖企业12家、职工900人" in text
    assert "坚持依法维权、服务职工，全年为职工提供法律咨询1次；受理劳动争议调解1件，调解成功1件。" in lines
    assert "【请补充：工资集体协商、劳动法律监督、职工诉求办理等情况。】" in lines
    # 三: 互助保障 enrollment (元 under 1万) and health checks
    assert "组织1名职工参加职工互助保障，缴纳互助保障费60元，筑牢职工医疗保障防线。关心职工身心健康，组织职工健康体检和疗休养120人次。" in lines
    # 四: honors; the prompt keeps 技术创新成果 (none recorded)
    assert ("大力弘扬劳模精神、劳动精神、工匠精神。全年职工获得各级荣誉1人次，班组、部门和工会获得集体荣誉1项。"
            "截至2024年12月31日，共有劳动模范1人。") in lines  # fmt: skip
    assert "【请补充：竞赛获奖、职工技术创新成果等情况。】" in lines
    order = [next(i for i, line in enumerate(lines) if line.startswith(head)) for head in ("一、", "二、", "三、", "四、", "五、")]
    for needle, section in (("加强职工服务阵地", 0), ("坚持依法维权", 1), ("组织1名职工参加", 2), ("大力弘扬劳模精神", 3)):
        at = next(i for i, line in enumerate(lines) if line.startswith(needle))
        assert order[section] < at < order[section + 1], needle
