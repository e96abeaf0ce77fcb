"""Sign-off sheets for a batch: the paper each recipient signs.

`collect_signoff` is the one place a batch's sheet is put together — its title, subtitle and lines
in the order they are signed (by department) — and `SignoffSheet` (fileio/signoff.py) words its
totals. The .xlsx (`write_batch_signoff`) and the printed sheet of the 帮扶 page both start from it,
so they carry the same title, the same 合计 and the same 大写 line.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import NotFoundError
from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import fen_to_yuan
from unionbook.fileio.signoff import SIGNOFF_HEADER, SignoffLine, SignoffSheet, write_signoff_sheet
from unionbook.services import audit
from unionbook.services.aid import BatchRow, PaymentFilter, list_batches, list_payments
from unionbook.services.union import get_profile

__all__ = [
    "SIGNOFF_HEADER",
    "SignoffLine",
    "SignoffSheet",
    "collect_signoff",
    "find_batch",
    "signoff_lines",
    "write_batch_signoff",
]


def signoff_lines(factory: sessionmaker[Session], batch_id: int, *, show_id: bool = False) -> list[SignoffLine]:
    """The batch's lines by department; ID numbers masked unless the user asked for them in full."""
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


def find_batch(factory: sessionmaker[Session], batch_id: int) -> BatchRow:
    batch = next((b for b in list_batches(factory) if b.id == batch_id), None)
    if batch is None:
        raise NotFoundError(what="发放批次", key=str(batch_id))
    return batch


def collect_signoff(factory: sessionmaker[Session], batch: BatchRow, *, show_id: bool = False) -> SignoffSheet:
    """The sheet of one batch, titled with the union's name and the batch."""
    day = batch.date
    return SignoffSheet(
        title=f"{get_profile(factory).display_name}{batch.title}发放签收表",
        subtitle=f"项目：{batch.program}　　发放日期：{day.year}年{day.month}月{day.day}日",
        lines=signoff_lines(factory, batch.id, show_id=show_id),
        prepared_by=batch.prepared_by or "",
        approved_by=batch.approved_by or "",
    )


def write_batch_signoff(factory: sessionmaker[Session], batch_id: int, target: Path, *, show_id: bool = False) -> Path:
    """The .xlsx sign-off sheet of one batch (recorded in the audit trail)."""
    batch = find_batch(factory, batch_id)
    sheet = collect_signoff(factory, batch, show_id=show_id)
    written = write_signoff_sheet(Path(target), sheet)
    audit.record_export(factory, audit.ExportKind.SIGNOFF, len(sheet.lines), show_id, written, row_id=batch_id, batch=batch.title)
    return written
