"""The in-memory records the demo phases build before any row is written: people (with their
department) and hardship files.

They sit in a module of their own, importing nothing else from the package, so that the shared
context can hold lists of them and every register can read them without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from unionbook.domain.pinyin import name_keys
from unionbook.domain.vocab import Gender, IdType


@dataclass(frozen=True)
class Dept:
    name: str
    weight: int
    kind: str  # worker / service / office / engineer / tech: drives education, gender, posts
    positions: tuple[tuple[str, int], ...]


class Person:
    """One roster row and its history, kept as plain attributes until rows are written."""

    __slots__ = (
        "id", "surname", "name", "gender", "birth", "region", "id_number", "ethnicity", "education", "tech_level",
        "phone", "hukou_type", "hukou_place", "political", "dept", "position", "form", "migrant", "card",
        "notes", "hire", "emp_end", "emp_end_status", "join", "join_kind", "join_reason", "mem_end",
        "mem_end_kind", "mem_end_reason",
    )

    id: int
    surname: str
    name: str
    gender: str
    birth: date
    region: str
    dept: Dept
    hire: date
    emp_end: date | None
    join: date | None
    mem_end: date | None

    @property
    def female(self) -> bool:
        return self.gender == Gender.FEMALE

    def on_duty(self, d: date) -> bool:
        """在岗 at d: the employment event on d itself already counts (latest event on or before)."""
        return self.hire <= d and (self.emp_end is None or d < self.emp_end)

    def active(self, d: date) -> bool:
        """An active member at d (入会/转入 is the latest membership event)."""
        return self.join is not None and self.join <= d and (self.mem_end is None or d < self.mem_end)

    def member_row(self) -> dict[str, Any]:
        full, initials = name_keys(self.name)
        return {
            "id": self.id,
            "name": self.name,
            "name_pinyin": full,
            "name_initials": initials,
            "gender": self.gender,
            "birth_date": self.birth,
            "ethnicity": self.ethnicity,
            "id_type": IdType.RESIDENT_ID.value,
            "id_number": self.id_number,
            "education": self.education,
            "tech_level": self.tech_level,
            "phone": self.phone,
            "hukou_type": self.hukou_type,
            "hukou_place": self.hukou_place,
            "political_status": self.political,
            "department": self.dept.name,
            "position": self.position,
            "employment_form": self.form,
            "is_migrant_worker": self.migrant,
            "member_card_no": self.card,
            "notes": self.notes,
        }


@dataclass
class DemoFile:
    """A hardship file while it is being built (rows come later)."""

    id: int
    person: Person
    category: str
    causes: list[str]
    opened: date
    closed: date | None
    close_reason: str | None
    children: list[tuple[str, date]]  # (name, birth) of the children, for 金秋助学

    def open_on(self, d: date) -> bool:
        return self.opened <= d and (self.closed is None or d < self.closed)
