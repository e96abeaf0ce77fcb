"""import history: import_records (one per import that wrote something) and import_problems
(its warnings and rejected-row reasons). Two new tables; nothing existing changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 13:42:37.021421
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('register', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=4), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.CheckConstraint('added IS NULL OR added >= 0', name=op.f('ck_import_records_added_nonneg')),
    sa.CheckConstraint('rejected IS NULL OR rejected >= 0', name=op.f('ck_import_records_rejected_nonneg')),
    sa.CheckConstraint('skipped IS NULL OR skipped >= 0', name=op.f('ck_import_records_skipped_nonneg')),
    sa.CheckConstraint('unchanged IS NULL OR unchanged >= 0', name=op.f('ck_import_records_unchanged_nonneg')),
    sa.CheckConstraint('updated IS NULL OR updated >= 0', name=op.f('ck_import_records_updated_nonneg')),
    sa.CheckConstraint('warnings IS NULL OR warnings >= 0', name=op.f('ck_import_records_warnings_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_records'))
    )
    with op.batch_alter_table('import_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_records_at'), ['at'], unique=False)

    op.create_table('import_problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('column_name', sa.String(length=200), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('warning', 'rejection')", name=op.f('ck_import_problems_kind_known')),
    sa.ForeignKeyConstraint(['record_id'], ['import_records.id'], name=op.f('fk_import_problems_record_id_import_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_problems'))
    )
    with op.batch_alter_table('import_problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_problems_record_id'), ['record_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('import_problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_problems_record_id'))

    op.drop_table('import_problems')
    with op.batch_alter_table('import_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_records_at'))

    op.drop_table('import_records')
