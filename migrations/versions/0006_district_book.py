"""the district book (issue 19): the union list with its organisational facts, one book per
union and year from its data package (figures as JSON text), and the people of packages sent with
full ID numbers. New tables only; a grassroots union's book keeps them empty.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 17:00:51.760224
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('district_unions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit_name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('stat_code', sa.String(length=40), nullable=False),
    sa.Column('unit_category', sa.String(length=30), nullable=False),
    sa.Column('industry', sa.String(length=40), nullable=False),
    sa.Column('union_type', sa.String(length=20), nullable=False),
    sa.Column('covered_units', sa.Integer(), nullable=False),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('dissolved_on', sa.Date(), nullable=True),
    sa.Column('chair_name', sa.String(length=50), nullable=False),
    sa.Column('contact_phone', sa.String(length=30), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('covered_units IS NULL OR covered_units >= 0', name=op.f('ck_district_unions_covered_units_nonneg')),
    sa.CheckConstraint('dissolved_on IS NULL OR founded_on IS NULL OR dissolved_on >= founded_on', name=op.f('ck_district_unions_dissolved_on_after_founded_on')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_unions'))
    )
    with op.batch_alter_table('district_unions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_unions_credit_code'), ['credit_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_district_unions_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_district_unions_stat_code'), ['stat_code'], unique=False)

    op.create_table('district_books',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('union_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('source_file', sa.String(length=260), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('packaged_at', sa.String(length=30), nullable=False),
    sa.Column('app_version', sa.String(length=20), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('previous', sa.Text(), nullable=False),
    sa.Column('roster_ids', sa.String(length=10), nullable=True),
    sa.Column('roster_rows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['union_id'], ['district_unions.id'], name=op.f('fk_district_books_union_id_district_unions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_books')),
    sa.UniqueConstraint('union_id', 'year', name='uq_district_books_union_year')
    )
    with op.batch_alter_table('district_books', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_books_union_id'), ['union_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_district_books_year'), ['year'], unique=False)

    op.create_table('district_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('id_number', sa.String(length=32), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=False),
    sa.Column('is_member', sa.Boolean(), nullable=False),
    sa.Column('is_employee', sa.Boolean(), nullable=False),
    sa.Column('joined', sa.Boolean(), nullable=False),
    sa.Column('migrant', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['district_books.id'], name=op.f('fk_district_people_book_id_district_books'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_people'))
    )
    with op.batch_alter_table('district_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_people_book_id'), ['book_id'], unique=False)
        batch_op.create_index('ix_district_people_id_number', ['id_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('district_people', schema=None) as batch_op:
        batch_op.drop_index('ix_district_people_id_number')
        batch_op.drop_index(batch_op.f('ix_district_people_book_id'))

    op.drop_table('district_people')
    with op.batch_alter_table('district_books', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_books_year'))
        batch_op.drop_index(batch_op.f('ix_district_books_union_id'))

    op.drop_table('district_books')
    with op.batch_alter_table('district_unions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_unions_stat_code'))
        batch_op.drop_index(batch_op.f('ix_district_unions_name'))
        batch_op.drop_index(batch_op.f('ix_district_unions_credit_code'))

    op.drop_table('district_unions')
