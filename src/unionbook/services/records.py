"""What the small registers (荣誉, 阵地, 维权, 互助保障) share: one input dataclass a record is
saved from, field by field, through the same validation in the dialog, the import and a script.

A register declares its ORM model, its input dataclass (whose field names are the model's column
names) and a `validate(session, data) -> (data, warnings)` that raises a ValidationError naming the
field; `RecordStore` then reads, saves and deletes records in one transaction each, and the session's
audit hook (services/audit.py) records every change. Registers with rules of their own (contracts,
hardship files) keep their own code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import NotFoundError, ValidationError

InputT = TypeVar("InputT")


@dataclass(frozen=True)
class SaveResult:
    """The record's id, and what the chair should know about what was saved (not refused)."""

    id: int
    warnings: tuple[str, ...] = ()


def stripped(data: Any, *names: str) -> dict[str, str]:
    """The text fields `names` of a dataclass without surrounding spaces (for `replace`)."""
    return {name: (getattr(data, name) or "").strip() for name in names}


def require(value: object, field: str, detail: str = "不能为空") -> None:
    """A ValidationError naming `field` when the value is empty."""
    if value is None or value == "":
        raise ValidationError(field=field, detail=detail)


def check_choice(value: str | None, allowed: list[str], field: str, *, optional: bool = False) -> None:
    """A ValidationError naming `field` unless the value is one of the vocabulary's labels."""
    if optional and not value:
        return
    if value not in allowed:
        raise ValidationError(field=field, detail=f"“{value or ''}”不是可选的{field}（可选：{'、'.join(allowed)}）")


def not_after_today(day: date, field: str) -> list[str]:
    """The warning for a `field` date later than today (a typo more often than a plan), or none."""
    return [f"{field} {day} 晚于今天，请核对"] if day > date.today() else []


class RecordStore(Generic[InputT]):
    """Read, save and delete the records of one small register (`what` names it in messages)."""

    def __init__(
        self,
        model: type,
        input_type: type[InputT],
        what: str,
        validate: Callable[[Session, InputT], tuple[InputT, list[str]]],
        *,
        unique: Callable[[Session, InputT, int | None], None] | None = None,
    ) -> None:
        self.model = model
        self.input_type = input_type
        self.what = what
        self.validate = validate
        #: Refuses (ValidationError) a record that would repeat another one (its own id excluded).
        self.unique = unique
        self.fields = tuple(f.name for f in fields(input_type))  # type: ignore[arg-type]
        #: Text fields whose empty value the dataclass spells "" while the column stores NULL.
        self._texts = {f.name for f in fields(input_type) if f.default == ""}  # type: ignore[arg-type]
        self._nullable = {c.name for c in model.__table__.columns if c.nullable}  # type: ignore[attr-defined]

    def to_input(self, record: Any) -> InputT:
        values = {name: getattr(record, name) for name in self.fields}
        for name in self._texts:
            values[name] = values[name] or ""
        return self.input_type(**values)

    def get(self, session: Session, record_id: int) -> Any:
        record = session.get(self.model, record_id)
        if record is None:
            raise NotFoundError(what=self.what, key=str(record_id))
        return record

    def save_in_session(self, session: Session, data: InputT, record_id: int | None = None) -> SaveResult:
        """Validate and write one record inside the caller's transaction (the import's)."""
        data, warnings = self.validate(session, data)
        if self.unique is not None:
            self.unique(session, data, record_id)
        record = self.get(session, record_id) if record_id is not None else self.model()
        for name in self.fields:
            value = getattr(data, name)
            setattr(record, name, None if value == "" and name in self._nullable else value)
        if record_id is None:
            session.add(record)
        session.flush()
        return SaveResult(record.id, tuple(warnings))

    def save(self, factory: sessionmaker[Session], data: InputT, record_id: int | None = None) -> SaveResult:
        with factory.begin() as session:
            return self.save_in_session(session, data, record_id)

    def delete(self, factory: sessionmaker[Session], record_id: int) -> None:
        with factory.begin() as session:
            session.delete(self.get(session, record_id))  # attachments cascade in SQL
