"""Sign-off sheets for a batch (or any list of payments): the paper each recipient signs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import NotFoundError
from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import fen_to_yuan
from unionbook.fileio.signoff import SignoffLine, write_signoff_sheet
from unionbook.services.aid import PaymentFilter, list_batches, list_payments
from unionbook.services.union import get_profile


def signoff_lines(factory: sessionmaker[Session], batch_id: int, *, show_id: bool = False) -> list[SignoffLine]:
    payments = sorted(list_payments(factory, PaymentFilter(batch_id=batch_id)), key=lambda p: (p.department or "", p.id))
    return [
        SignoffLine(
            name=p.member_name,
            department=p.department or "",
            id_number=(p.id_number or "") if show_id else mask_id_number(p.id_number),
            amount_yuan=fen_to_yuan(p.data.amount_fen),
            goods=p.data.goods,
        )
        for p in payments
    ]


def write_batch_signoff(factory: sessionmaker[Session], batch_id: int, target: Path, *, show_id: bool = False) -> Path:
    """The .xlsx sign-off sheet of one batch, titled with the union's name and the batch."""
    batch = next((b for b in list_batches(factory) if b.id == batch_id), None)
    if batch is None:
        raise NotFoundError(what="发放批次", key=str(batch_id))
    profile = get_profile(factory)
    return write_signoff_sheet(
        Path(target),
        title=f"{profile.display_name}{batch.title}发放签收表",
        subtitle=f"项目：{batch.program}　　发放日期：{batch.date.year}年{batch.date.month}月{batch.date.day}日",
        lines=signoff_lines(factory, batch_id, show_id=show_id),
        prepared_by=batch.prepared_by or "",
        approved_by=batch.approved_by or "",
    )
